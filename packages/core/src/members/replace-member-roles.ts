import { memberRolesInput, type MemberRolesInput } from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { isForeignKeyViolation } from "../prisma-errors.ts";
import { assertMember, explainMissing, resolveUserRoles } from "./lookups.ts";

/**
 * Makes a member's roles in this organization exactly the given ones (by id and/or name);
 * empty lists remove them all.
 * @throws member.not_found, organization.not_found, member.role_not_found, member.role_type_mismatch
 */
export async function replaceMemberRoles(
  ctx: ServiceContext,
  input: MemberRolesInput,
): Promise<void> {
  assertCanManageTenant(ctx);
  const { organizationId, userId, organizationRoleIds, organizationRoleNames } = parseInput(
    memberRolesInput,
    input,
  );
  let roleIds: string[] = organizationRoleIds;
  try {
    await ctx.db.$transaction(async (tx) => {
      await assertMember(tx, organizationId, userId);
      const roles = await resolveUserRoles(tx, {
        ids: organizationRoleIds,
        names: organizationRoleNames,
      });
      roleIds = roles.map((r) => r.id);
      const dropped = { organizationId, userId, roleId: { notIn: roleIds } };
      const removed = await tx.organizationMemberRole.findMany({
        where: dropped,
        select: { roleId: true },
      });
      if (removed.length) await tx.organizationMemberRole.deleteMany({ where: dropped });
      const added = roleIds.length
        ? await tx.organizationMemberRole.createManyAndReturn({
            data: roleIds.map((roleId) => ({ organizationId, userId, roleId })),
            skipDuplicates: true,
            select: { roleId: true },
          })
        : [];
      if (removed.length === 0 && added.length === 0) return;
      await recordAudit(tx, ctx, {
        action: "member.roles_replaced",
        targetType: "member",
        targetId: userId,
        organizationId,
        data: { added: added.map((r) => r.roleId), removed: removed.map((r) => r.roleId) },
      });
    });
  } catch (error) {
    if (isForeignKeyViolation(error)) {
      throw await explainMissing(ctx.db, {
        organizationId,
        userIds: [userId],
        roleIds,
        members: true,
      });
    }
    throw error;
  }
}
