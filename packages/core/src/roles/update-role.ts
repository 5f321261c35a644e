import { updateRoleInput, type Role, type UpdateRoleInput } from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { translateWriteErrors } from "../prisma-errors.ts";
import { loadChangeableRole } from "./load-role.ts";
import { isManagementApiRole, roleNameTaken, roleNotFound, roleSelect, toRole } from "./select.ts";

/**
 * Renames or re-describes a global role; its type never changes. Tokens carry permission
 * names, not role names, so a rename changes no token.
 * @throws role.not_found, role.name_taken, role.management_api_protected
 */
export async function updateRole(ctx: ServiceContext, input: UpdateRoleInput): Promise<Role> {
  assertCanManageTenant(ctx);
  const { id, ...data } = parseInput(updateRoleInput, input);
  if (data.name !== undefined && isManagementApiRole({ name: data.name }))
    throw roleNameTaken(data.name);
  return translateWriteErrors(
    () =>
      ctx.db.$transaction(async (tx) => {
        await loadChangeableRole(tx, id);
        const role = await tx.role.update({ where: { id }, data, select: roleSelect });
        await recordAudit(tx, ctx, {
          action: "role.updated",
          targetType: "role",
          targetId: id,
          data,
        });
        return toRole(role);
      }),
    { unique: () => roleNameTaken(data.name ?? ""), notFound: () => roleNotFound(id) },
  );
}
