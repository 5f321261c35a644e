import type { Prisma } from "@guildhall/db";
import {
  listApiScopesInput,
  type ApiScope,
  type ListApiScopesInput,
  type Paginated,
} from "@guildhall/validators";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { paginate } from "../shared/paginate.ts";
import { textSearch } from "../shared/search.ts";
import { apiResourceNotFound, apiScopeSelect } from "./select.ts";

/** The permissions of one API resource, searched by name or description, by name. @throws api_resource.not_found */
export async function listApiScopes(
  ctx: ServiceContext,
  input: ListApiScopesInput,
): Promise<Paginated<ApiScope>> {
  assertCanManageTenant(ctx);
  const { resourceId, q, page, pageSize } = parseInput(listApiScopesInput, input);
  const where: Prisma.ApiScopeWhereInput = {
    resourceId,
    ...textSearch(q, ["name", "description"]),
  };
  return paginate(
    { page, pageSize },
    {
      parent: {
        find: () =>
          ctx.db.apiResource.findUnique({ where: { id: resourceId }, select: { id: true } }),
        notFound: () => apiResourceNotFound(resourceId),
      },
      rows: (pageArgs) =>
        ctx.db.apiScope.findMany({
          where,
          select: apiScopeSelect,
          orderBy: [{ name: "asc" }],
          ...pageArgs,
        }),
      count: () => ctx.db.apiScope.count({ where }),
    },
  );
}
