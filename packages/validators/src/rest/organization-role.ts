import { z } from "zod";
import { id } from "../common.ts";
import {
  createOrganizationRoleInput,
  organizationRole,
  organizationRoleResourceScopeRef,
  organizationRoleResourceScopesInput,
  rolePermissionsInput,
  updateOrganizationRoleInput,
} from "../organization-role.ts";
import { restRef } from "./common.ts";

export const restOrganizationRole = organizationRole
  .pick({ id: true, name: true, description: true, type: true })
  .meta({ id: "OrganizationRole" });
export type RestOrganizationRole = z.output<typeof restOrganizationRole>;

/** As `GET /api/organization-roles` lists them: with their scopes. */
export const restOrganizationRoleWithScopes = restOrganizationRole
  .extend({
    scopes: z.array(restRef),
    resourceScopes: z.array(organizationRoleResourceScopeRef).meta({
      description:
        "API resource scopes of the role, each with its API resource: members get them in organization tokens for that API.",
    }),
  })
  .meta({ id: "OrganizationRoleWithScopes" });
export type RestOrganizationRoleWithScopes = z.output<typeof restOrganizationRoleWithScopes>;

export const restCreateOrganizationRoleBody = createOrganizationRoleInput
  .pick({ name: true, description: true, type: true })
  .extend({
    organizationScopeIds: createOrganizationRoleInput.shape.permissionIds.meta({
      description: "Organization scopes (permissions) the new role holds.",
    }),
    resourceScopeIds: createOrganizationRoleInput.shape.resourceScopeIds.meta({
      description:
        "API resource scopes the new role holds. An unknown id: 422 `entity.relation_foreign_key_not_found`, and no role is created.",
    }),
  });

export const restUpdateOrganizationRoleBody = updateOrganizationRoleInput.pick({
  name: true,
  description: true,
  type: true,
});

/** `POST /organization-roles/{id}/scopes`: at least one id. */
export const restAddRoleScopesBody = z.object({
  organizationScopeIds: rolePermissionsInput.shape.permissionIds.min(
    1,
    "Give at least one organization scope id",
  ),
});
/** `PUT /organization-roles/{id}/scopes`: the complete set, possibly empty. */
export const restReplaceRoleScopesBody = z.object({
  organizationScopeIds: rolePermissionsInput.shape.permissionIds,
});

/** `POST /organization-roles/{id}/resource-scopes`: at least one API resource scope id. */
export const restAddRoleResourceScopesBody = z.object({
  scopeIds: organizationRoleResourceScopesInput.shape.scopeIds.min(
    1,
    "Give at least one resource scope id",
  ),
});
/** `PUT /organization-roles/{id}/resource-scopes`: the complete set, possibly empty. */
export const restReplaceRoleResourceScopesBody = z.object({
  scopeIds: organizationRoleResourceScopesInput.shape.scopeIds,
});
/** `DELETE /organization-roles/{id}/resource-scopes/{scopeId}`. */
export const restRoleResourceScopeParams = z.object({ id, scopeId: id });
