import { assignUserRolesInput, type AssignUserRolesInput } from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { userNotFound } from "../users/get-user.ts";
import { userRoles } from "./relations.ts";
import { missingIds, rolesNotFound, typeMismatch } from "./select.ts";

/**
 * Gives a user global roles (all or nothing); roles they already hold are kept.
 * @throws user.not_found, role.not_found, role.type_mismatch
 */
export async function assignUserRoles(
  ctx: ServiceContext,
  input: AssignUserRolesInput,
): Promise<void> {
  assertCanManageTenant(ctx);
  const { userId, roleIds } = parseInput(assignUserRolesInput, input);
  const ids = [...new Set(roleIds)];
  await ctx.db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true } });
    if (!user) throw userNotFound(userId);
    const roles = await tx.role.findMany({
      where: { id: { in: ids } },
      select: { id: true, name: true, type: true },
    });
    const missing = missingIds(ids, roles);
    if (missing.length) throw rolesNotFound(missing);
    const m2m = roles.filter((r) => r.type !== "User");
    if (m2m.length) {
      throw typeMismatch(
        `Machine-to-machine roles are for applications, not users: ${m2m.map((r) => `"${r.name}"`).join(", ")}.`,
        { roleIds: m2m.map((r) => r.id) },
      );
    }
    await userRoles.assign(tx, { userId }, ids);
    for (const roleId of ids) {
      await recordAudit(tx, ctx, {
        action: "role.users_assigned",
        targetType: "role",
        targetId: roleId,
        data: { userIds: [userId] },
      });
    }
  });
}
