import { z } from "zod";
import { id } from "../common.ts";
import {
  createOrganizationRoleInput,
  organizationRole,
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
    resourceScopes: z.array(z.object({ id: z.string(), name: z.string() })).meta({
      description: "API resource scopes of the role. Always empty until API resources exist.",
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
    organizationResourceScopeIds: z
      .array(id)
      .max(0, "API resource scopes are not supported yet.")
      .optional()
      .meta({ description: "Not supported yet: must be empty or absent." }),
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
