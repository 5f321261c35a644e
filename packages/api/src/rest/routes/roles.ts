import {
  assignRoleApplications,
  assignRoleScopes,
  assignRoleUsers,
  createRole,
  deleteRole,
  getRole,
  listRoleApplications,
  listRoleScopes,
  listRoles,
  listRoleUsers,
  removeRoleApplication,
  removeRoleScope,
  removeRoleUser,
  updateRole,
} from "@guildhall/core";
import type { Role, RoleScope } from "@guildhall/validators";
import {
  restApiScope,
  restApiScopeParams,
  restApplication,
  restCreateRoleBody,
  restIdParams,
  restListRolesQuery,
  restMemberParams,
  restRole,
  restRoleApplicationParams,
  restRoleApplicationsBody,
  restRoleScope,
  restRoleScopesBody,
  restRoleUsersBody,
  restRoleWithCounts,
  restSearchQuery,
  restUpdateRoleBody,
  restUser,
  type RestRole,
  type RestRoleScope,
} from "@guildhall/validators/rest";
import { E } from "../errors.ts";
import { toRestUser } from "../mappers.ts";
import { emptyRoute, jsonRoute, listRoute } from "../router.ts";
import { toRestApplication } from "./applications.ts";

const tag = "Roles";
const protectedNote =
  "The built-in `Management API access` role answers 422 `role.management_api_protected`.";
const applicationErrors = { "application.not_found": E.notExistsWithId } as const;

export function toRestRole(r: Role): RestRole {
  return { id: r.id, name: r.name, description: r.description, type: r.type };
}

/** An API resource scope with its resource (Logto's `ScopeResponse`). */
export function toRestRoleScope(s: RoleScope): RestRoleScope {
  return {
    id: s.id,
    resourceId: s.resourceId,
    name: s.name,
    description: s.description,
    createdAt: s.createdAt.getTime(),
    resource: s.resource,
  };
}

export const roleRoutes = [
  listRoute({
    method: "GET",
    path: "/api/roles",
    operationId: "ListRoles",
    tag,
    summary: "Get roles",
    description:
      "Global roles by name, with how many users and applications hold each. `type` keeps roles of one type.",
    query: restListRolesQuery,
    response: restRoleWithCounts,
    handler: async ({ ctx, query, page }) => {
      const { items, total } = await listRoles(ctx, { ...query, ...page });
      return {
        items: items.map((r) => ({
          ...toRestRole(r),
          usersCount: r.usersCount,
          applicationsCount: r.applicationsCount,
        })),
        total,
      };
    },
  }),
  jsonRoute({
    method: "POST",
    path: "/api/roles",
    operationId: "CreateRole",
    tag,
    summary: "Create a role",
    description:
      "Names are unique. The type (`User` by default, or `MachineToMachine`) cannot change later.",
    body: restCreateRoleBody,
    response: restRole,
    errors: [E.roleNameInUse],
    handler: async ({ ctx, body }) =>
      toRestRole(
        await createRole(ctx, { name: body.name, description: body.description, type: body.type }),
      ),
  }),
  jsonRoute({
    method: "GET",
    path: "/api/roles/{id}",
    operationId: "GetRole",
    tag,
    summary: "Get role",
    params: restIdParams,
    response: restRole,
    errors: [E.notExistsWithId],
    handler: async ({ ctx, params }) => toRestRole(await getRole(ctx, params)),
  }),
  jsonRoute({
    method: "PATCH",
    path: "/api/roles/{id}",
    operationId: "UpdateRole",
    tag,
    summary: "Update role",
    description: `Changes the name or description; the type cannot change. ${protectedNote}`,
    params: restIdParams,
    body: restUpdateRoleBody,
    response: restRole,
    errors: [E.notExistsWithId, E.roleNameInUse, E.roleManagementApiProtected],
    handler: async ({ ctx, params, body }) =>
      toRestRole(
        await updateRole(ctx, { id: params.id, name: body.name, description: body.description }),
      ),
  }),
  emptyRoute({
    method: "DELETE",
    path: "/api/roles/{id}",
    operationId: "DeleteRole",
    tag,
    summary: "Delete role",
    description: `Its users and applications lose its scopes from their next token on. ${protectedNote}`,
    status: 204,
    params: restIdParams,
    errors: [E.notExistsWithId, E.roleManagementApiProtected],
    handler: ({ ctx, params }) => deleteRole(ctx, params),
  }),
  listRoute({
    method: "GET",
    path: "/api/roles/{id}/scopes",
    operationId: "ListRoleScopes",
    tag,
    summary: "Get role scopes",
    description:
      "The API resource scopes the role holds, each with its resource. `q` matches name, description or the exact id.",
    params: restIdParams,
    query: restSearchQuery,
    response: restRoleScope,
    errors: [E.notExistsWithId],
    handler: async ({ ctx, params, query, page }) => {
      const { items, total } = await listRoleScopes(ctx, {
        roleId: params.id,
        q: query.q,
        ...page,
      });
      return { items: items.map(toRestRoleScope), total };
    },
  }),
  jsonRoute({
    method: "POST",
    path: "/api/roles/{id}/scopes",
    operationId: "CreateRoleScope",
    tag,
    summary: "Link scopes to role",
    description: `Scopes the role already holds are kept; the answer lists the scopes asked for. Unknown scope ids: 422, nothing linked. ${protectedNote} So does linking the Management API's own scope to any other role.`,
    status: 201,
    params: restIdParams,
    body: restRoleScopesBody,
    response: restApiScope.array(),
    errors: [E.notExistsWithId, E.foreignKeyNotFound, E.roleManagementApiProtected],
    handler: async ({ ctx, params, body }) =>
      (await assignRoleScopes(ctx, { roleId: params.id, scopeIds: body.scopeIds })).map(
        ({ resource: _resource, ...s }) => ({
          ...s,
          createdAt: s.createdAt.getTime(),
        }),
      ),
  }),
  emptyRoute({
    method: "DELETE",
    path: "/api/roles/{id}/scopes/{scopeId}",
    operationId: "DeleteRoleScope",
    tag,
    summary: "Unlink scope from role",
    description: protectedNote,
    status: 204,
    params: restApiScopeParams,
    errors: [E.notExistsWithId, E.notFound, E.roleManagementApiProtected],
    handler: ({ ctx, params }) =>
      removeRoleScope(ctx, { roleId: params.id, scopeId: params.scopeId }),
  }),
  listRoute({
    method: "GET",
    path: "/api/roles/{id}/users",
    operationId: "ListRoleUsers",
    tag,
    summary: "Get role users",
    description:
      "Users holding the role, by email. `q` matches part of the email, username, phone number or name, or the exact id.",
    params: restIdParams,
    query: restSearchQuery,
    response: restUser,
    errors: [E.notExistsWithId],
    handler: async ({ ctx, params, query, page }) => {
      const { items, total } = await listRoleUsers(ctx, { roleId: params.id, q: query.q, ...page });
      return { items: items.map(toRestUser), total };
    },
  }),
  emptyRoute({
    method: "POST",
    path: "/api/roles/{id}/users",
    operationId: "CreateRoleUser",
    tag,
    summary: "Assign role to users",
    description:
      "User roles only (422 `role.type_mismatch` otherwise). All or nothing; users already holding it keep it.",
    status: 201,
    params: restIdParams,
    body: restRoleUsersBody,
    errors: [E.notExistsWithId, E.globalRoleTypeMismatch],
    handler: ({ ctx, params, body }) =>
      assignRoleUsers(ctx, { roleId: params.id, userIds: body.userIds }),
  }),
  emptyRoute({
    method: "DELETE",
    path: "/api/roles/{id}/users/{userId}",
    operationId: "DeleteRoleUser",
    tag,
    summary: "Remove role from user",
    status: 204,
    params: restMemberParams,
    errors: [E.notExistsWithId, E.notFound],
    handler: ({ ctx, params }) => removeRoleUser(ctx, { roleId: params.id, userId: params.userId }),
  }),
  listRoute({
    method: "GET",
    path: "/api/roles/{id}/applications",
    operationId: "ListRoleApplications",
    tag,
    summary: "Get role applications",
    description:
      "Machine-to-machine applications holding the role, by name. `q` matches part of the name or the exact id.",
    params: restIdParams,
    query: restSearchQuery,
    response: restApplication,
    errors: [E.notExistsWithId],
    handler: async ({ ctx, params, query, page }) => {
      const { items, total } = await listRoleApplications(ctx, {
        roleId: params.id,
        q: query.q,
        ...page,
      });
      return { items: items.map(toRestApplication), total };
    },
  }),
  emptyRoute({
    method: "POST",
    path: "/api/roles/{id}/applications",
    operationId: "CreateRoleApplication",
    tag,
    summary: "Assign role to applications",
    description:
      "Machine-to-machine roles and machine-to-machine applications only (422 otherwise). All or nothing; applications already holding it keep it. Allowed for the Management API access role.",
    status: 201,
    params: restIdParams,
    body: restRoleApplicationsBody,
    errors: [E.notExistsWithId, E.globalRoleTypeMismatch, E.notMachineToMachine],
    overrides: applicationErrors,
    handler: ({ ctx, params, body }) =>
      assignRoleApplications(ctx, { roleId: params.id, applicationIds: body.applicationIds }),
  }),
  emptyRoute({
    method: "DELETE",
    path: "/api/roles/{id}/applications/{applicationId}",
    operationId: "DeleteRoleApplication",
    tag,
    summary: "Remove role from application",
    status: 204,
    params: restRoleApplicationParams,
    errors: [E.notExistsWithId, E.notFound],
    handler: ({ ctx, params }) =>
      removeRoleApplication(ctx, { roleId: params.id, applicationId: params.applicationId }),
  }),
];
