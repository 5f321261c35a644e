import {
  BUILT_IN_PERMISSIONS,
  decideMembershipRequestInput,
  type DecideMembershipRequestInput,
  type MembershipRequest,
} from "@guildhall/validators";
import { actorId, now, type ServiceContext } from "../context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { DomainError } from "../errors.ts";
import { resolveUserRoles } from "../members/lookups.ts";
import { runMemberChange } from "../organization-access/member-change.ts";
import { assertMayGrantRoles } from "../organization-access/role-grants.ts";
import { parseInput } from "../parse.ts";
import {
  membershipRequestNotFound,
  membershipRequestSelect,
  toMembershipRequest,
} from "./select.ts";

/**
 * Approves (the user becomes a member, with roles the approver may grant) or declines a
 * pending membership request, in one transaction with its audit entry.
 * @throws membership_request.not_found, membership_request.already_decided,
 *   member.role_not_found, member.role_not_grantable, auth.forbidden
 */
export async function decideMembershipRequest(
  ctx: ServiceContext,
  input: DecideMembershipRequestInput,
): Promise<MembershipRequest> {
  const { organizationId, requestId, decision, organizationRoleIds } = parseInput(
    decideMembershipRequestInput,
    input,
  );
  return runMemberChange(
    ctx,
    organizationId,
    BUILT_IN_PERMISSIONS.membersInvite,
    async (tx, access) => {
      const request = await tx.organizationMembershipRequest.findFirst({
        where: { id: requestId, organizationId },
        select: { id: true, status: true, userId: true },
      });
      if (!request) throw membershipRequestNotFound(requestId);
      if (request.status !== "Pending")
        throw new DomainError(
          "membership_request.already_decided",
          `This request was already ${request.status.toLowerCase()}.`,
          { status: request.status },
        );
      const approve = decision === "approve";
      if (approve) {
        const roles = await resolveUserRoles(tx, { ids: [...new Set(organizationRoleIds)] });
        await assertMayGrantRoles(
          tx,
          access,
          roles.map((r) => r.id),
        );
        await tx.organizationMember.upsert({
          where: { organizationId_userId: { organizationId, userId: request.userId } },
          create: {
            organizationId,
            userId: request.userId,
            roles: { create: roles.map((r) => ({ roleId: r.id })) },
          },
          update: {},
        });
        await recordAudit(tx, ctx, {
          action: "member.added",
          targetType: "member",
          targetId: request.userId,
          organizationId,
          data: { userIds: [request.userId], membershipRequestId: requestId },
        });
      }
      const updated = await tx.organizationMembershipRequest.update({
        where: { id: requestId },
        data: {
          status: approve ? "Approved" : "Declined",
          decidedAt: now(ctx),
          decidedById: actorId(ctx),
        },
        select: membershipRequestSelect,
      });
      await recordAudit(tx, ctx, {
        action: approve ? "membership_request.approved" : "membership_request.declined",
        targetType: "user",
        targetId: request.userId,
        organizationId,
        data: { requestId },
      });
      return toMembershipRequest(updated);
    },
  );
}
