import { assignRoleUsersInput, type AssignRoleUsersInput } from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { parseInput } from "../parse.ts";
import { loadRole } from "./load-role.ts";
import { roleUsers } from "./relations.ts";
import { missingIds, typeMismatch } from "./select.ts";

/**
 * Gives users a `User` role (all or nothing); users who already hold it keep it.
 * @throws role.not_found, role.type_mismatch, user.not_found
 */
export async function assignRoleUsers(
  ctx: ServiceContext,
  input: AssignRoleUsersInput,
): Promise<void> {
  assertCanManageTenant(ctx);
  const { roleId, userIds } = parseInput(assignRoleUsersInput, input);
  const ids = [...new Set(userIds)];
  await ctx.db.$transaction(async (tx) => {
    const role = await loadRole(tx, roleId);
    if (role.type !== "User") {
      throw typeMismatch(
        `"${role.name}" is a machine-to-machine role: assign it to machine-to-machine applications, not users.`,
        { roleId },
      );
    }
    const missing = missingIds(
      ids,
      await tx.user.findMany({ where: { id: { in: ids } }, select: { id: true } }),
    );
    if (missing.length)
      throw new DomainError("user.not_found", `Unknown user id(s): ${missing.join(", ")}.`, {
        missing,
      });
    await roleUsers.assign(tx, { roleId }, ids);
    await recordAudit(tx, ctx, {
      action: "role.users_assigned",
      targetType: "role",
      targetId: roleId,
      data: { userIds: ids },
    });
  });
}
