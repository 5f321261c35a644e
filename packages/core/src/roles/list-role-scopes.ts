import type { Prisma } from "@guildhall/db";
import {
  listRoleScopesInput,
  type ListRoleScopesInput,
  type Paginated,
  type RoleScope,
} from "@guildhall/validators";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { paginate } from "../shared/paginate.ts";
import { textSearch } from "../shared/search.ts";
import { roleAsParent, roleScopeSelect, toRoleScope } from "./select.ts";

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
    ...textSearch(q, ["name", "description"]),
  };
  return paginate(
    { page, pageSize },
    {
      parent: roleAsParent(ctx.db, roleId),
      rows: (pageArgs) =>
        ctx.db.apiScope.findMany({
          where,
          select: roleScopeSelect,
          orderBy: [{ resource: { name: "asc" } }, { name: "asc" }, { id: "asc" }],
          ...pageArgs,
        }),
      count: () => ctx.db.apiScope.count({ where }),
      toItem: toRoleScope,
    },
  );
}
