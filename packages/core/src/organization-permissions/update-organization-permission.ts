import {
  updateOrganizationPermissionInput,
  type OrganizationPermission,
  type UpdateOrganizationPermissionInput,
} from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { assertNotReservedPermission } from "../organization-access/built-in-permissions.ts";
import { parseInput } from "../parse.ts";
import { translateWriteErrors } from "../prisma-errors.ts";
import { permissionNotFound } from "./get-organization-permission.ts";
import { organizationPermissionSelect, permissionNameTaken } from "./select.ts";

/**
 * Renames or re-describes a permission. Every role holding it keeps it: the change is
 * effective in every organization at once.
 * @throws organization_permission.not_found, organization_permission.name_taken,
 *   organization_permission.reserved
 */
export async function updateOrganizationPermission(
  ctx: ServiceContext,
  input: UpdateOrganizationPermissionInput,
): Promise<OrganizationPermission> {
  assertCanManageTenant(ctx);
  const { id, ...data } = parseInput(updateOrganizationPermissionInput, input);
  return translateWriteErrors(
    () =>
      ctx.db.$transaction(async (tx) => {
        if (data.name !== undefined) {
          const current = await tx.organizationPermission.findUnique({
            where: { id },
            select: { name: true },
          });
          // Renaming into the prefix, or a built-in one out of it; its own name is fine.
          if (current && current.name !== data.name) {
            assertNotReservedPermission(current.name, "renamed");
            assertNotReservedPermission(data.name, "given by hand");
          }
        }
        const permission = await tx.organizationPermission.update({
          where: { id },
          data: { name: data.name, description: data.description },
          select: organizationPermissionSelect,
        });
        await recordAudit(tx, ctx, {
          action: "organization_permission.updated",
          targetType: "organization_permission",
          targetId: id,
          data,
        });
        return permission;
      }),
    { unique: () => permissionNameTaken(data.name), notFound: () => permissionNotFound(id) },
  );
}
