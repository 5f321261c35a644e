import { memberUsersInput, type MemberUsersInput } from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { isForeignKeyViolation } from "../prisma-errors.ts";
import { assertOrganizationExists, assertUsersExist, explainMissing } from "./lookups.ts";

/**
 * Makes the member set exactly `userIds`. Members who stay keep their roles; members who
 * leave lose theirs (the role rows cascade with the membership); new members join with
 * no roles.
 * @throws organization.not_found, member.user_not_found
 */
export async function replaceMembers(ctx: ServiceContext, input: MemberUsersInput): Promise<void> {
  assertCanManageTenant(ctx);
  const { organizationId, userIds } = parseInput(memberUsersInput, input);
  const ids = [...new Set(userIds)];
  try {
    await ctx.db.$transaction(async (tx) => {
      await assertOrganizationExists(tx, organizationId);
      await assertUsersExist(tx, ids);
      const leaving = { organizationId, userId: { notIn: ids } };
      const removed = await tx.organizationMember.findMany({
        where: leaving,
        select: { userId: true },
      });
      if (removed.length) await tx.organizationMember.deleteMany({ where: leaving });
      const added = ids.length
        ? await tx.organizationMember.createManyAndReturn({
            data: ids.map((userId) => ({ organizationId, userId })),
            skipDuplicates: true,
            select: { userId: true },
          })
        : [];
      if (removed.length === 0 && added.length === 0) return;
      await recordAudit(tx, ctx, {
        action: "member.replaced",
        targetType: "organization",
        targetId: organizationId,
        organizationId,
        data: { added: added.map((m) => m.userId), removed: removed.map((m) => m.userId) },
      });
    });
  } catch (error) {
    if (isForeignKeyViolation(error))
      throw await explainMissing(ctx.db, { organizationId, userIds: ids });
    throw error;
  }
}
