import {
  createOrganizationRoleInput,
  type CreateOrganizationRoleInput,
  type OrganizationRoleWithPermissions,
} from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { translateWriteErrors } from "../prisma-errors.ts";
import { assertPermissionsExist } from "./assert-permissions-exist.ts";
import { organizationRoleSelect, roleNameTaken, toOrganizationRole } from "./select.ts";

/**
 * Adds a role to the organization template, with its permissions, in one transaction.
 * @throws organization_role.name_taken, organization_role.permission_not_found
 */
export async function createOrganizationRole(
  ctx: ServiceContext,
  input: CreateOrganizationRoleInput,
): Promise<OrganizationRoleWithPermissions> {
  assertCanManageTenant(ctx);
  const data = parseInput(createOrganizationRoleInput, input);
  const permissionIds = [...new Set(data.permissionIds)];
  return translateWriteErrors(
    () =>
      ctx.db.$transaction(async (tx) => {
        await assertPermissionsExist(tx, permissionIds);
        const role = await tx.organizationRole.create({
          data: {
            name: data.name,
            description: data.description ?? null,
            type: data.type,
            permissions: { create: permissionIds.map((permissionId) => ({ permissionId })) },
          },
          select: organizationRoleSelect,
        });
        await recordAudit(tx, ctx, {
          action: "organization_role.created",
          targetType: "organization_role",
          targetId: role.id,
          data: { name: role.name, type: role.type, permissionIds },
        });
        return toOrganizationRole(role);
      }),
    { unique: () => roleNameTaken(data.name) },
  );
}
