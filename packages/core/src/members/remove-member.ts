import { memberRef, type MemberRef } from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { memberNotFound } from "./lookups.ts";
import { organizationMembers } from "./relations.ts";

/**
 * Removes a user from an organization; their roles there go with the membership. The
 * user and their other memberships are untouched.
 * @throws member.not_found, organization.not_found
 */
export async function removeMember(ctx: ServiceContext, input: MemberRef): Promise<void> {
  assertCanManageTenant(ctx);
  const { organizationId, userId } = parseInput(memberRef, input);
  await ctx.db.$transaction(async (tx) => {
    await organizationMembers.remove(tx, { organizationId }, userId, () =>
      memberNotFound(tx, organizationId, [userId]),
    );
    await recordAudit(tx, ctx, {
      action: "member.removed",
      targetType: "member",
      targetId: userId,
      organizationId,
    });
  });
}
