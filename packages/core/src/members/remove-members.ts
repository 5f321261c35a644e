import { removeMembersInput, type RemoveMembersInput } from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { assertOrganizationExists, memberNotFound } from "./lookups.ts";
import { organizationMembers } from "./relations.ts";

/**
 * Removes several users from an organization at once (the members list's bulk action), all
 * or nothing: when one of them is not a member, nobody is removed and the error names the
 * non-members. Their roles there go with the memberships; the users and their other
 * memberships stay. One audit entry lists everyone removed.
 * @throws organization.not_found, member.not_found (naming the non-members)
 */
export async function removeMembers(
  ctx: ServiceContext,
  input: RemoveMembersInput,
): Promise<{ removed: number }> {
  assertCanManageTenant(ctx);
  const { organizationId, userIds } = parseInput(removeMembersInput, input);
  const ids = [...new Set(userIds)];
  return ctx.db.$transaction(async (tx) => {
    await assertOrganizationExists(tx, organizationId);
    const { removed } = await organizationMembers.removeEach(tx, { organizationId }, ids);
    if (removed.length < ids.length) {
      const gone = new Set(removed);
      // Throwing rolls the transaction back: the members found are not removed either.
      throw await memberNotFound(
        tx,
        organizationId,
        ids.filter((id) => !gone.has(id)),
      );
    }
    await recordAudit(tx, ctx, {
      action: "member.bulk_removed",
      targetType: "organization",
      targetId: organizationId,
      organizationId,
      data: { userIds: ids },
    });
    return { removed: removed.length };
  });
}
