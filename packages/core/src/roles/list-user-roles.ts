import {
  listUserRolesInput,
  type ListUserRolesInput,
  type Paginated,
  type Role,
} from "@guildhall/validators";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { pageArgs } from "../shared/paginate.ts";
import { userNotFound } from "../users/get-user.ts";
import { roleSelect, toRole } from "./select.ts";

/** A user's global roles, by name. @throws user.not_found */
export async function listUserRoles(
  ctx: ServiceContext,
  input: ListUserRolesInput,
): Promise<Paginated<Role>> {
  assertCanManageTenant(ctx);
  const { userId, page, pageSize } = parseInput(listUserRolesInput, input);
  const where = { users: { some: { userId } } };
  const [user, rows, total] = await Promise.all([
    ctx.db.user.findUnique({ where: { id: userId }, select: { id: true } }),
    ctx.db.role.findMany({
      where,
      select: roleSelect,
      orderBy: [{ name: "asc" }, { id: "asc" }],
      ...pageArgs({ page, pageSize }),
    }),
    ctx.db.role.count({ where }),
  ]);
  if (!user) throw userNotFound(userId);
  return { items: rows.map(toRole), total, page, pageSize };
}
