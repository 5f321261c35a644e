import { id as idSchema } from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { assertNotReservedPermission } from "../organization-access/built-in-permissions.ts";
import { parseInput } from "../parse.ts";
import { translateWriteErrors } from "../prisma-errors.ts";
import { permissionNotFound } from "./get-organization-permission.ts";

/**
 * Deletes a permission; every role loses it (the links cascade), in every organization.
 * @throws organization_permission.not_found, organization_permission.reserved
 */
export async function deleteOrganizationPermission(
  ctx: ServiceContext,
  { id }: { id: string },
): Promise<void> {
  assertCanManageTenant(ctx);
  const permissionId = parseInput(idSchema, id);
  await translateWriteErrors(
    () =>
      ctx.db.$transaction(async (tx) => {
        const current = await tx.organizationPermission.findUnique({
          where: { id: permissionId },
          select: { name: true },
        });
        if (current) assertNotReservedPermission(current.name, "deleted");
        const deleted = await tx.organizationPermission.delete({
          where: { id: permissionId },
          select: { name: true },
        });
        await recordAudit(tx, ctx, {
          action: "organization_permission.deleted",
          targetType: "organization_permission",
          targetId: permissionId,
          data: { name: deleted.name },
        });
      }),
    { notFound: () => permissionNotFound(permissionId) },
  );
}
