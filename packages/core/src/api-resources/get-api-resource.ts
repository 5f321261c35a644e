import { id as idSchema, type ApiResource } from "@guildhall/validators";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { apiResourceNotFound, apiResourceSelect, toApiResource } from "./select.ts";

/** @throws api_resource.not_found */
export async function getApiResource(
  ctx: ServiceContext,
  { id }: { id: string },
): Promise<ApiResource> {
  assertCanManageTenant(ctx);
  const resourceId = parseInput(idSchema, id);
  const row = await ctx.db.apiResource.findUnique({
    where: { id: resourceId },
    select: apiResourceSelect,
  });
  if (!row) throw apiResourceNotFound(resourceId);
  return toApiResource(row);
}
