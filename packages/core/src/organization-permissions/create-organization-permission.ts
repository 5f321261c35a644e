import {
  createOrganizationPermissionInput,
  type CreateOrganizationPermissionInput,
  type OrganizationPermission,
} from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { assertNotReservedPermission } from "../organization-access/built-in-permissions.ts";
import { parseInput } from "../parse.ts";
import { translateWriteErrors } from "../prisma-errors.ts";
import { organizationPermissionSelect, permissionNameTaken } from "./select.ts";

/**
 * Adds a permission to the organization template. It means nothing until a role holds it.
 * @throws organization_permission.name_taken, organization_permission.reserved
 */
export async function createOrganizationPermission(
  ctx: ServiceContext,
  input: CreateOrganizationPermissionInput,
): Promise<OrganizationPermission> {
  assertCanManageTenant(ctx);
  const data = parseInput(createOrganizationPermissionInput, input);
  assertNotReservedPermission(data.name, "created by hand");
  return translateWriteErrors(
    () =>
      ctx.db.$transaction(async (tx) => {
        const permission = await tx.organizationPermission.create({
          data: { name: data.name, description: data.description ?? null },
          select: organizationPermissionSelect,
        });
        await recordAudit(tx, ctx, {
          action: "organization_permission.created",
          targetType: "organization_permission",
          targetId: permission.id,
          data: { name: permission.name },
        });
        return permission;
      }),
    { unique: () => permissionNameTaken(data.name) },
  );
}
