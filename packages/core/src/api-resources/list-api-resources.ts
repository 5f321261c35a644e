import type { Prisma } from "@guildhall/db";
import {
  listApiResourcesInput,
  type ApiResource,
  type ListApiResourcesInput,
  type Paginated,
} from "@guildhall/validators";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { paginate } from "../shared/paginate.ts";
import { textSearch } from "../shared/search.ts";
import { apiResourceSelect, toApiResource } from "./select.ts";

/** API resources, searched by part of the name or indicator (any case), or the exact id; by name. */
export async function listApiResources(
  ctx: ServiceContext,
  input: ListApiResourcesInput = {},
): Promise<Paginated<ApiResource>> {
  assertCanManageTenant(ctx);
  const { q, page, pageSize } = parseInput(listApiResourcesInput, input);
  const where: Prisma.ApiResourceWhereInput = textSearch(q, ["name", "indicator"]);
  return paginate(
    { page, pageSize },
    {
      rows: (pageArgs) =>
        ctx.db.apiResource.findMany({
          where,
          select: apiResourceSelect,
          orderBy: [{ name: "asc" }, { id: "asc" }],
          ...pageArgs,
        }),
      count: () => ctx.db.apiResource.count({ where }),
      toItem: toApiResource,
    },
  );
}
