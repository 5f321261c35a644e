import { memberUsersInput, type MemberUsersInput } from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { isForeignKeyViolation } from "../prisma-errors.ts";
import { assertOrganizationExists, assertUsersExist, explainMissing } from "./lookups.ts";

/**
 * Adds users to an organization, with no roles. Users who are already members are left
 * as they are (with their roles), so calling this twice is harmless.
 * @throws organization.not_found, member.user_not_found
 */
export async function addMembers(ctx: ServiceContext, input: MemberUsersInput): Promise<void> {
  assertCanManageTenant(ctx);
  const { organizationId, userIds } = parseInput(memberUsersInput, input);
  const ids = [...new Set(userIds)];
  try {
    await ctx.db.$transaction(async (tx) => {
      await assertOrganizationExists(tx, organizationId);
      await assertUsersExist(tx, ids);
      if (ids.length === 0) return;
      const added = await tx.organizationMember.createManyAndReturn({
        data: ids.map((userId) => ({ organizationId, userId })),
        skipDuplicates: true,
        select: { userId: true },
      });
      if (added.length === 0) return;
      await recordAudit(tx, ctx, {
        action: "member.added",
        targetType: "organization",
        targetId: organizationId,
        organizationId,
        data: { userIds: added.map((m) => m.userId) },
      });
    });
  } catch (error) {
    if (isForeignKeyViolation(error))
      throw await explainMissing(ctx.db, { organizationId, userIds: ids });
    throw error;
  }
}
