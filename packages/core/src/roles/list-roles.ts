import type { Prisma } from "@guildhall/db";
import {
  listRolesInput,
  type ListRolesInput,
  type Paginated,
  type Role,
} from "@guildhall/validators";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { paginate, type ListParent } from "../shared/paginate.ts";
import { textSearch } from "../shared/search.ts";
import { roleSelect, toRole } from "./select.ts";

/** Global roles by name, searched by part of the name or description (any case) or the exact id, optionally of one type. */
export async function listRoles(
  ctx: ServiceContext,
  input: ListRolesInput = {},
): Promise<Paginated<Role>> {
  assertCanManageTenant(ctx);
  const { q, type, page, pageSize } = parseInput(listRolesInput, input);
  const where: Prisma.RoleWhereInput = {
    ...(type ? { type } : {}),
    ...textSearch(q, ["name", "description"]),
  };
  return paginateRoles(ctx, where, { page, pageSize });
}

/**
 * A page of the global roles matching `where`, by name: the query `listRoles` and
 * `listUserRoles` share. `parent` as in `paginate`.
 */
export function paginateRoles(
  ctx: ServiceContext,
  where: Prisma.RoleWhereInput,
  page: { page: number; pageSize: number },
  parent?: ListParent,
): Promise<Paginated<Role>> {
  return paginate(page, {
    parent,
    rows: (pageArgs) =>
      ctx.db.role.findMany({
        where,
        select: roleSelect,
        orderBy: [{ name: "asc" }, { id: "asc" }],
        ...pageArgs,
      }),
    count: () => ctx.db.role.count({ where }),
    toItem: toRole,
  });
}
