import { assignRolesToUsersInput, type AssignRolesToUsersInput } from "@guildhall/validators";
import { recordAudits } from "../audit/record-audit.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { parseInput } from "../parse.ts";
import { userRoles } from "./relations.ts";
import { missingIds, rolesNotFound, typeMismatch } from "./select.ts";

/**
 * Gives the same global roles to several users at once (the users list's bulk action), all
 * or nothing; roles a user already holds are kept. One audit entry per role, naming the
 * users who got it, as `assignRoleUsers` writes.
 * @throws user.not_found (naming the unknown ids), role.not_found, role.type_mismatch
 */
export async function assignRolesToUsers(
  ctx: ServiceContext,
  input: AssignRolesToUsersInput,
): Promise<{ assigned: number }> {
  assertCanManageTenant(ctx);
  const { userIds, roleIds } = parseInput(assignRolesToUsersInput, input);
  const users = [...new Set(userIds)];
  const roles = [...new Set(roleIds)];
  return ctx.db.$transaction(async (tx) => {
    const foundUsers = await tx.user.findMany({
      where: { id: { in: users } },
      select: { id: true },
    });
    const unknown = missingIds(users, foundUsers);
    if (unknown.length)
      throw new DomainError("user.not_found", `Unknown user id(s): ${unknown.join(", ")}.`, {
        missing: unknown,
      });
    const foundRoles = await tx.role.findMany({
      where: { id: { in: roles } },
      select: { id: true, name: true, type: true },
    });
    const missing = missingIds(roles, foundRoles);
    if (missing.length) throw rolesNotFound(missing);
    const m2m = foundRoles.filter((r) => r.type !== "User");
    if (m2m.length)
      throw typeMismatch(
        `Machine-to-machine roles are for applications, not users: ${m2m.map((r) => `"${r.name}"`).join(", ")}.`,
        { roleIds: m2m.map((r) => r.id) },
      );
    const added = await userRoles.assignEach(
      tx,
      users.map((userId) => ({ userId })),
      roles,
    );
    await recordAudits(
      tx,
      ctx,
      roles
        .map((roleId) => ({
          roleId,
          userIds: added.filter((a) => a.roleId === roleId).map((a) => a.userId),
        }))
        .filter(({ userIds: got }) => got.length > 0)
        .map(({ roleId, userIds: got }) => ({
          action: "role.users_assigned",
          targetType: "role",
          targetId: roleId,
          data: { userIds: got },
        })),
    );
    return { assigned: added.length };
  });
}
