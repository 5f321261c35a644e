import { memberRolesInput, type MemberRolesInput } from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { isForeignKeyViolation } from "../prisma-errors.ts";
import { assertMember, explainMissing, resolveUserRoles } from "./lookups.ts";

/**
 * Gives a member organization roles, by id and/or by name. Roles the member already holds
 * are left as they are, so calling this twice is harmless.
 * @throws member.not_found, organization.not_found, member.role_not_found, member.role_type_mismatch
 */
export async function assignMemberRoles(
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
      if (roles.length === 0) return;
      const added = await tx.organizationMemberRole.createManyAndReturn({
        data: roles.map((r) => ({ organizationId, userId, roleId: r.id })),
        skipDuplicates: true,
        select: { roleId: true },
      });
      if (added.length === 0) return;
      await recordAudit(tx, ctx, {
        action: "member.roles_assigned",
        targetType: "member",
        targetId: userId,
        organizationId,
        data: { organizationRoleIds: added.map((r) => r.roleId) },
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
