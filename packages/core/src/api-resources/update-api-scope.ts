import {
  updateApiScopeInput,
  type ApiScope,
  type UpdateApiScopeInput,
} from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { translateWriteErrors } from "../prisma-errors.ts";
import { assertChangeableResource } from "./assert-changeable.ts";
import { apiScopeNameTaken, apiScopeNotFound, apiScopeSelect } from "./select.ts";

/**
 * Renames or re-describes a permission. Roles holding it keep it; tokens carry the new
 * name from their next issuance.
 * @throws api_resource.not_found, api_resource.management_api_protected, api_scope.not_found, api_scope.name_taken
 */
export async function updateApiScope(
  ctx: ServiceContext,
  input: UpdateApiScopeInput,
): Promise<ApiScope> {
  assertCanManageTenant(ctx);
  const { resourceId, id, ...data } = parseInput(updateApiScopeInput, input);
  return translateWriteErrors(
    () =>
      ctx.db.$transaction(async (tx) => {
        await assertChangeableResource(tx, resourceId);
        const { count } = await tx.apiScope.updateMany({ where: { id, resourceId }, data });
        if (count === 0) throw apiScopeNotFound(resourceId, id);
        const scope = await tx.apiScope.findUniqueOrThrow({
          where: { id },
          select: apiScopeSelect,
        });
        await recordAudit(tx, ctx, {
          action: "api_scope.updated",
          targetType: "api_resource",
          targetId: resourceId,
          data: { scopeId: id, ...data },
        });
        return scope;
      }),
    { unique: () => apiScopeNameTaken(data.name) },
  );
}
