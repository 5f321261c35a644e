import { leaveOrganizationInput, type LeaveOrganizationInput } from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import type { ServiceContext } from "../context.ts";
import { DomainError, isDomainError } from "../errors.ts";
import {
  assertRoleManagerRemains,
  countRoleManagers,
  lockOrganization,
} from "../organization-access/role-managers.ts";
import { parseInput } from "../parse.ts";
import { selfUserId } from "./self.ts";

/**
 * The user leaves an organization (account page, hosted portal, organization API). Refused
 * for the last member holding `guildhall:members:roles` while other members remain: they
 * would be left with nobody to manage them. The last member may leave (nobody is left
 * behind). The organization row is locked, so two admins leaving at once cannot both pass
 * as "not the last".
 * @throws organization.last_admin, member.not_found, organization.not_found, auth.forbidden
 */
export async function leaveOrganization(
  ctx: ServiceContext,
  input: LeaveOrganizationInput,
): Promise<void> {
  const userId = selfUserId(ctx);
  const { organizationId } = parseInput(leaveOrganizationInput, input);
  const token = ctx.actor.type === "user" ? ctx.actor.organizationToken : undefined;
  if (token && token.organizationId !== organizationId)
    throw new DomainError(
      "auth.forbidden",
      "This organization token is for another organization: get one for the organization in the path.",
    );
  // Through the organization API, an outsider learns nothing about the organization.
  const notAMember = () =>
    token
      ? new DomainError("auth.forbidden", "You are not a member of this organization.")
      : new DomainError("member.not_found", "You are not a member of this organization.", {
          organizationId,
          userIds: [userId],
        });
  await ctx.db.$transaction(async (tx) => {
    try {
      await lockOrganization(tx, organizationId);
    } catch (error) {
      if (token && isDomainError(error)) throw notAMember();
      throw error;
    }
    const before = await countRoleManagers(tx, organizationId);
    const { count } = await tx.organizationMember.deleteMany({ where: { organizationId, userId } });
    if (count === 0) throw notAMember();
    await assertRoleManagerRemains(tx, organizationId, before);
    await recordAudit(tx, ctx, {
      action: "member.left",
      targetType: "member",
      targetId: userId,
      organizationId,
    });
  });
}
