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

export const organizationRole = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  type: roleType,
  createdAt: z.date(),
});
export type OrganizationRole = z.infer<typeof organizationRole>;

export const organizationRoleWithPermissions = organizationRole.extend({
  permissions: z.array(organizationPermission.pick({ id: true, name: true, description: true })),
});
export type OrganizationRoleWithPermissions = z.infer<typeof organizationRoleWithPermissions>;

export const createOrganizationRoleInput = z.object({
  name: roleName,
  description: description.nullish(),
  type: roleType.default("User"),
  permissionIds: z.array(id).max(1000).default([]),
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
