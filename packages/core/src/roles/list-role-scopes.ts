import type { Prisma } from "@guildhall/db";
import {
  listRoleScopesInput,
  type ListRoleScopesInput,
  type Paginated,
  type RoleScope,
} from "@guildhall/validators";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { pageArgs } from "../shared/paginate.ts";
import { roleNotFound, roleScopeSelect, toRoleScope } from "./select.ts";

/**
 * The API permissions a role holds, with their API resource, by resource then name.
 * `q` matches part of the permission's name or description, or its exact id.
 * @throws role.not_found
 */
export async function listRoleScopes(
  ctx: ServiceContext,
  input: ListRoleScopesInput,
): Promise<Paginated<RoleScope>> {
  assertCanManageTenant(ctx);
  const { roleId, q, page, pageSize } = parseInput(listRoleScopesInput, input);
  const where: Prisma.ApiScopeWhereInput = {
    roles: { some: { roleId } },
    ...(q
      ? {
          OR: [
            { name: { contains: q, mode: "insensitive" } },
            { description: { contains: q, mode: "insensitive" } },
            { id: q },
          ],
        }
      : {}),
  };
  const [role, rows, total] = await Promise.all([
    ctx.db.role.findUnique({ where: { id: roleId }, select: { id: true } }),
    ctx.db.apiScope.findMany({
      where,
      select: roleScopeSelect,
      orderBy: [{ resource: { name: "asc" } }, { name: "asc" }, { id: "asc" }],
      ...pageArgs({ page, pageSize }),
    }),
    ctx.db.apiScope.count({ where }),
  ]);
  if (!role) throw roleNotFound(roleId);
  return { items: rows.map(toRoleScope), total, page, pageSize };
}
