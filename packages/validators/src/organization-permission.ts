import { z } from "zod";
import {
  description,
  id,
  paginationInput,
  paginated,
  permissionName,
  searchInput,
} from "./common.ts";

export const organizationPermission = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  createdAt: z.date(),
});
export type OrganizationPermission = z.infer<typeof organizationPermission>;

export const createOrganizationPermissionInput = z.object({
  name: permissionName,
  description: description.nullish(),
});
export type CreateOrganizationPermissionInput = z.input<typeof createOrganizationPermissionInput>;

export const updateOrganizationPermissionInput = z.object({
  id,
  name: permissionName.optional(),
  description: description.nullish(),
});
export type UpdateOrganizationPermissionInput = z.input<typeof updateOrganizationPermissionInput>;

export const listOrganizationPermissionsInput = paginationInput.extend({ q: searchInput });
export type ListOrganizationPermissionsInput = z.input<typeof listOrganizationPermissionsInput>;
export const organizationPermissionList = paginated(organizationPermission);

/** What deleting a permission would change, shown before the user confirms. */
export const permissionImpact = z.object({
  roles: z.array(z.object({ id: z.string(), name: z.string() })),
  organizations: z.number().int(),
  members: z.number().int(),
});
export type PermissionImpact = z.infer<typeof permissionImpact>;
