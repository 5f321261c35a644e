import {
  createApiScopeInput,
  type ApiScope,
  type CreateApiScopeInput,
} from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { translateWriteErrors } from "../prisma-errors.ts";
import { assertChangeableResource } from "./assert-changeable.ts";
import { apiScopeNameTaken, apiScopeSelect } from "./select.ts";

/**
 * Adds a permission to an API resource. Nobody holds it until a global role does.
 * @throws api_resource.not_found, api_resource.management_api_protected, api_scope.name_taken
 */
export async function createApiScope(
  ctx: ServiceContext,
  input: CreateApiScopeInput,
): Promise<ApiScope> {
  assertCanManageTenant(ctx);
  const data = parseInput(createApiScopeInput, input);
  return translateWriteErrors(
    () =>
      ctx.db.$transaction(async (tx) => {
        await assertChangeableResource(tx, data.resourceId);
        const scope = await tx.apiScope.create({
          data: {
            resourceId: data.resourceId,
            name: data.name,
            description: data.description ?? null,
          },
          select: apiScopeSelect,
        });
        await recordAudit(tx, ctx, {
          action: "api_scope.created",
          targetType: "api_resource",
          targetId: data.resourceId,
          data: { scopeId: scope.id, name: scope.name },
        });
        return scope;
      }),
    { unique: () => apiScopeNameTaken(data.name) },
  );
}
