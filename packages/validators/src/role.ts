import { z } from "zod";
import { apiResource, apiScope } from "./api-resource.ts";
import {
  description,
  id,
  paginationInput,
  paginated,
  roleName,
  roleType,
  searchInput,
} from "./common.ts";

/**
 * A global role: a named set of API resource permissions, held by users (type `User`) or
 * by machine-to-machine applications (type `MachineToMachine`) across the whole tenant.
 * Not to be confused with organization roles, which only mean something in an organization.
 */
export const role = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  type: roleType,
  createdAt: z.date(),
  /** The built-in `Management API access` role: never deleted, renamed or given other permissions. */
  isManagementApi: z.boolean(),
  usersCount: z.number().int(),
  applicationsCount: z.number().int(),
  scopesCount: z.number().int(),
});
export type Role = z.infer<typeof role>;

export const createRoleInput = z.object({
  name: roleName,
  description: description.nullish(),
  type: roleType.default("User"),
});
export type CreateRoleInput = z.input<typeof createRoleInput>;

// The type is immutable (as in Logto): users and applications already holding it depend on it.
export const updateRoleInput = z.object({
  id,
  name: roleName.optional(),
  description: description.nullish(),
});
export type UpdateRoleInput = z.input<typeof updateRoleInput>;

export const listRolesInput = paginationInput.extend({ q: searchInput, type: roleType.optional() });
export type ListRolesInput = z.input<typeof listRolesInput>;
export const roleList = paginated(role);

/** A permission a role holds, with the API resource it belongs to. */
export const roleScope = apiScope.extend({
  resource: apiResource.pick({ id: true, name: true, indicator: true, accessTokenTtl: true }),
});
export type RoleScope = z.infer<typeof roleScope>;

export const listRoleScopesInput = paginationInput.extend({ roleId: id, q: searchInput });
export type ListRoleScopesInput = z.input<typeof listRoleScopesInput>;
export const roleScopeList = paginated(roleScope);

const ids = (what: string) =>
  z.array(id).min(1, `Give at least one ${what} id`).max(100, `At most 100 ${what} ids at once`);

export const assignRoleScopesInput = z.object({ roleId: id, scopeIds: ids("permission") });
export type AssignRoleScopesInput = z.input<typeof assignRoleScopesInput>;
export const removeRoleScopeInput = z.object({ roleId: id, scopeId: id });
export type RemoveRoleScopeInput = z.input<typeof removeRoleScopeInput>;

/** Who holds a role: its users, or its applications. */
export const listRoleHoldersInput = paginationInput.extend({ roleId: id, q: searchInput });
export type ListRoleHoldersInput = z.input<typeof listRoleHoldersInput>;

export const assignRoleUsersInput = z.object({ roleId: id, userIds: ids("user") });
export type AssignRoleUsersInput = z.input<typeof assignRoleUsersInput>;
export const removeRoleUserInput = z.object({ roleId: id, userId: id });
export type RemoveRoleUserInput = z.input<typeof removeRoleUserInput>;

export const assignRoleApplicationsInput = z.object({
  roleId: id,
  applicationIds: ids("application"),
});
export type AssignRoleApplicationsInput = z.input<typeof assignRoleApplicationsInput>;
export const removeRoleApplicationInput = z.object({ roleId: id, applicationId: id });
export type RemoveRoleApplicationInput = z.input<typeof removeRoleApplicationInput>;

export const listUserRolesInput = paginationInput.extend({ userId: id });
export type ListUserRolesInput = z.input<typeof listUserRolesInput>;
export const assignUserRolesInput = z.object({ userId: id, roleIds: ids("role") });
export type AssignUserRolesInput = z.input<typeof assignUserRolesInput>;

/** The users list's bulk action: these roles to each of these users. */
export const assignRolesToUsersInput = z.object({
  userIds: z.array(id).min(1, "Pick at least one user").max(1000),
  roleIds: ids("role"),
});
export type AssignRolesToUsersInput = z.input<typeof assignRolesToUsersInput>;
