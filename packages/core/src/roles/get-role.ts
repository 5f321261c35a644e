import { id as idSchema, type Role } from "@guildhall/validators";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { roleNotFound, roleSelect, toRole } from "./select.ts";

/** @throws role.not_found */
export async function getRole(ctx: ServiceContext, { id }: { id: string }): Promise<Role> {
  assertCanManageTenant(ctx);
  const roleId = parseInput(idSchema, id);
  const row = await ctx.db.role.findUnique({ where: { id: roleId }, select: roleSelect });
  if (!row) throw roleNotFound(roleId);
  return toRole(row);
}
