import { z } from "zod";
import {
  description,
  id,
  paginationInput,
  paginated,
  roleName,
  roleType,
  searchInput,
} from "./common.ts";
import { organizationPermission } from "./organization-permission.ts";
import { roleScope } from "./role.ts";

export const organizationRole = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  type: roleType,
  createdAt: z.date(),
});
export type OrganizationRole = z.infer<typeof organizationRole>;

/** An API permission an organization role holds, named with its API resource (as Logto lists it). */
export const organizationRoleResourceScopeRef = z.object({
  id: z.string(),
  name: z.string(),
  resource: z.object({ id: z.string(), name: z.string() }),
});
export type OrganizationRoleResourceScopeRef = z.infer<typeof organizationRoleResourceScopeRef>;

export const organizationRoleWithPermissions = organizationRole.extend({
  permissions: z.array(organizationPermission.pick({ id: true, name: true, description: true })),
  /** API resource permissions: members get them in tokens for that API in the organization. */
  resourceScopes: z.array(organizationRoleResourceScopeRef),
});
export type OrganizationRoleWithPermissions = z.infer<typeof organizationRoleWithPermissions>;

export const createOrganizationRoleInput = z.object({
  name: roleName,
  description: description.nullish(),
  type: roleType.default("User"),
  permissionIds: z.array(id).max(1000).default([]),
  /** API resource permissions (API scopes) the role starts with. */
  resourceScopeIds: z.array(id).max(1000).default([]),
});
export type CreateOrganizationRoleInput = z.input<typeof createOrganizationRoleInput>;

export const updateOrganizationRoleInput = z.object({
  id,
  name: roleName.optional(),
  description: description.nullish(),
  type: roleType.optional(),
});
export type UpdateOrganizationRoleInput = z.input<typeof updateOrganizationRoleInput>;

export const listOrganizationRolesInput = paginationInput.extend({
  q: searchInput,
  type: roleType.optional(),
});
export type ListOrganizationRolesInput = z.input<typeof listOrganizationRolesInput>;
export const organizationRoleList = paginated(organizationRoleWithPermissions);

export const rolePermissionsInput = z.object({
  roleId: id,
  permissionIds: z.array(id).max(1000),
});
export type RolePermissionsInput = z.input<typeof rolePermissionsInput>;

export const roleImpact = z.object({
  organizations: z.number().int(),
  members: z.number().int(),
});
export type RoleImpact = z.infer<typeof roleImpact>;

/** The API resource permissions an organization role holds, with their API resource. */
export const listOrganizationRoleResourceScopesInput = paginationInput.extend({
  roleId: id,
  q: searchInput,
});
export type ListOrganizationRoleResourceScopesInput = z.input<
  typeof listOrganizationRoleResourceScopesInput
>;
export const organizationRoleResourceScopeList = paginated(roleScope);

/** Add (at least one) or replace (possibly none) an organization role's API resource permissions. */
export const organizationRoleResourceScopesInput = z.object({
  roleId: id,
  scopeIds: z.array(id).max(1000, "At most 1000 permission ids at once"),
});
export type OrganizationRoleResourceScopesInput = z.input<
  typeof organizationRoleResourceScopesInput
>;
export const removeOrganizationRoleResourceScopeInput = z.object({ roleId: id, scopeId: id });
export type RemoveOrganizationRoleResourceScopeInput = z.input<
  typeof removeOrganizationRoleResourceScopeInput
>;
/** Removing one organization permission from a role (it must hold it). */
export const removeRolePermissionInput = z.object({ roleId: id, permissionId: id });
export type RemoveRolePermissionInput = z.input<typeof removeRolePermissionInput>;
