import { id as idSchema } from "@guildhall/validators";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { assertChangeableResource } from "./assert-changeable.ts";
import { apiScopeNotFound } from "./select.ts";

const deleteApiScopeInput = z.object({ resourceId: idSchema, id: idSchema });

/**
 * Deletes a permission; every global role loses it (the links cascade).
 * @throws api_resource.not_found, api_resource.management_api_protected, api_scope.not_found
 */
export async function deleteApiScope(
  ctx: ServiceContext,
  input: { resourceId: string; id: string },
): Promise<void> {
  assertCanManageTenant(ctx);
  const { resourceId, id } = parseInput(deleteApiScopeInput, input);
  await ctx.db.$transaction(async (tx) => {
    await assertChangeableResource(tx, resourceId);
    const scope = await tx.apiScope.findFirst({
      where: { id, resourceId },
      select: { name: true },
    });
    if (!scope) throw apiScopeNotFound(resourceId, id);
    await tx.apiScope.deleteMany({ where: { id, resourceId } });
    await recordAudit(tx, ctx, {
      action: "api_scope.deleted",
      targetType: "api_resource",
      targetId: resourceId,
      data: { scopeId: id, name: scope.name },
    });
  });
}
