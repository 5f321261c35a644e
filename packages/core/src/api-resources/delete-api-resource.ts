import { id as idSchema } from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { translateWriteErrors } from "../prisma-errors.ts";
import { assertChangeableResource } from "./assert-changeable.ts";
import { apiResourceNotFound } from "./select.ts";

/**
 * Deletes an API resource and its permissions; every role loses them (the links cascade).
 * Tokens already issued for it stay valid until they expire.
 * @throws api_resource.not_found, api_resource.management_api_protected
 */
export async function deleteApiResource(
  ctx: ServiceContext,
  { id }: { id: string },
): Promise<void> {
  assertCanManageTenant(ctx);
  const resourceId = parseInput(idSchema, id);
  await translateWriteErrors(
    () =>
      ctx.db.$transaction(async (tx) => {
        await assertChangeableResource(tx, resourceId);
        const deleted = await tx.apiResource.delete({
          where: { id: resourceId },
          select: { name: true, indicator: true },
        });
        await recordAudit(tx, ctx, {
          action: "api_resource.deleted",
          targetType: "api_resource",
          targetId: resourceId,
          data: deleted,
        });
      }),
    {
      // Deleted by someone else between the check and the delete.
      notFound: () => apiResourceNotFound(resourceId),
    },
  );
}
