import {
  updateApiResourceInput,
  type ApiResource,
  type UpdateApiResourceInput,
} from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { translateWriteErrors } from "../prisma-errors.ts";
import { assertChangeableResource } from "./assert-changeable.ts";
import { apiResourceNotFound, apiResourceSelect, toApiResource } from "./select.ts";

/**
 * Renames an API resource or changes its token lifetime (for tokens issued from now on).
 * @throws api_resource.not_found, api_resource.management_api_protected
 */
export async function updateApiResource(
  ctx: ServiceContext,
  input: UpdateApiResourceInput,
): Promise<ApiResource> {
  assertCanManageTenant(ctx);
  const { id, ...data } = parseInput(updateApiResourceInput, input);
  return translateWriteErrors(
    () =>
      ctx.db.$transaction(async (tx) => {
        await assertChangeableResource(tx, id);
        const resource = await tx.apiResource.update({
          where: { id },
          data,
          select: apiResourceSelect,
        });
        await recordAudit(tx, ctx, {
          action: "api_resource.updated",
          targetType: "api_resource",
          targetId: id,
          data,
        });
        return toApiResource(resource);
      }),
    { notFound: () => apiResourceNotFound(id) },
  );
}
