import type { Prisma } from "@guildhall/db";
import {
  listApiScopesInput,
  type ApiScope,
  type ListApiScopesInput,
  type Paginated,
} from "@guildhall/validators";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { pageArgs } from "../shared/paginate.ts";
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
  const [resource, items, total] = await Promise.all([
    ctx.db.apiResource.findUnique({ where: { id: resourceId }, select: { id: true } }),
    ctx.db.apiScope.findMany({
      where,
      select: apiScopeSelect,
      orderBy: [{ name: "asc" }],
      ...pageArgs({ page, pageSize }),
    }),
    ctx.db.apiScope.count({ where }),
  ]);
  if (!resource) throw apiResourceNotFound(resourceId);
  return { items, total, page, pageSize };
}
