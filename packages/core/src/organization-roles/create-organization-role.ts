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
import { assertResourceScopesAssignable } from "./assert-resource-scopes-assignable.ts";
import { organizationRoleSelect, roleNameTaken, toOrganizationRole } from "./select.ts";

/**
 * Adds a role to the organization template, with its organization permissions and API
 * resource permissions, in one transaction: an unknown id creates nothing.
 * @throws organization_role.name_taken, organization_role.permission_not_found,
 *   organization_role.resource_scope_not_found, api_resource.management_api_protected
 */
export async function createOrganizationRole(
  ctx: ServiceContext,
  input: CreateOrganizationRoleInput,
): Promise<OrganizationRoleWithPermissions> {
  assertCanManageTenant(ctx);
  const data = parseInput(createOrganizationRoleInput, input);
  const permissionIds = [...new Set(data.permissionIds)];
  const resourceScopeIds = [...new Set(data.resourceScopeIds)];
  return translateWriteErrors(
    () =>
      ctx.db.$transaction(async (tx) => {
        await assertPermissionsExist(tx, permissionIds);
        await assertResourceScopesAssignable(tx, resourceScopeIds);
        const role = await tx.organizationRole.create({
          data: {
            name: data.name,
            description: data.description ?? null,
            type: data.type,
            permissions: { create: permissionIds.map((permissionId) => ({ permissionId })) },
            apiScopes: { create: resourceScopeIds.map((scopeId) => ({ scopeId })) },
          },
          select: organizationRoleSelect,
        });
        await recordAudit(tx, ctx, {
          action: "organization_role.created",
          targetType: "organization_role",
          targetId: role.id,
          data: { name: role.name, type: role.type, permissionIds, resourceScopeIds },
        });
        return toOrganizationRole(role);
      }),
    { unique: () => roleNameTaken(data.name) },
  );
}
