import { BUILT_IN_PERMISSIONS, memberRef, type MemberRef } from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import type { ServiceContext } from "../context.ts";
import { runMemberChange } from "../organization-access/member-change.ts";
import { assertMayRemoveMember } from "../organization-access/role-grants.ts";
import { parseInput } from "../parse.ts";
import { memberNotFound } from "./lookups.ts";
import { organizationMembers } from "./relations.ts";

/**
 * Removes a user from an organization; their roles there go with the membership. The
 * user and their other memberships are untouched. A member acting in their organization
 * (`guildhall:members:remove`) may only remove members holding nothing they do not hold.
 * @throws member.not_found, organization.not_found, member.role_not_grantable,
 *   organization.last_admin, auth.forbidden
 */
export async function removeMember(ctx: ServiceContext, input: MemberRef): Promise<void> {
  const { organizationId, userId } = parseInput(memberRef, input);
  await runMemberChange(
    ctx,
    organizationId,
    BUILT_IN_PERMISSIONS.membersRemove,
    async (tx, access) => {
      await assertMayRemoveMember(tx, access, userId);
      await organizationMembers.remove(tx, { organizationId }, userId, () =>
        memberNotFound(tx, organizationId, [userId]),
      );
      await recordAudit(tx, ctx, {
        action: "member.removed",
        targetType: "member",
        targetId: userId,
        organizationId,
      });
    },
  );
}
