import {
  addRolePermissions,
  createOrganizationRole,
  deleteOrganizationRole,
  getOrganizationRole,
  listOrganizationRoles,
  removeRolePermissions,
  replaceRolePermissions,
  updateOrganizationRole,
} from "@guildhall/core";
import {
  restAddRoleScopesBody,
  restCreateOrganizationRoleBody,
  restIdParams,
  restOrganizationRole,
  restOrganizationRoleWithScopes,
  restOrganizationScope,
  restReplaceRoleScopesBody,
  restRoleScopeParams,
  restSearchQuery,
  restUpdateOrganizationRoleBody,
} from "@guildhall/validators/rest";
import { E } from "../errors.ts";
import { toRestRole, toRestRoleWithScopes, toRestScope } from "../mappers.ts";
import { emptyRoute, jsonRoute, listRoute, pageOf } from "../router.ts";

const tag = "Organization roles";

export const organizationRoleRoutes = [
  listRoute({
    method: "GET",
    path: "/api/organization-roles",
    operationId: "ListOrganizationRoles",
    tag,
    summary: "Get organization roles",
    description:
      "The roles of the organization template, by name, each with its scopes. `q` matches name, description or the exact id.",
    query: restSearchQuery,
    response: restOrganizationRoleWithScopes,
    handler: async ({ ctx, query, page }) => {
      const { items, total } = await listOrganizationRoles(ctx, { q: query.q, ...page });
      return { items: items.map(toRestRoleWithScopes), total };
    },
  }),
  jsonRoute({
    method: "POST",
    path: "/api/organization-roles",
    operationId: "CreateOrganizationRole",
    tag,
    summary: "Create an organization role",
    description:
      "Adds a role to the template, with its initial scopes. It exists in every organization at once.",
    status: 201,
    body: restCreateOrganizationRoleBody,
    response: restOrganizationRole,
    errors: [E.uniqueViolation, E.foreignKeyNotFound],
    handler: async ({ ctx, body }) => {
      const { organizationScopeIds, organizationResourceScopeIds: _none, ...role } = body;
      return toRestRole(
        await createOrganizationRole(ctx, { ...role, permissionIds: organizationScopeIds }),
      );
    },
  }),
  jsonRoute({
    method: "GET",
    path: "/api/organization-roles/{id}",
    operationId: "GetOrganizationRole",
    tag,
    summary: "Get organization role",
    params: restIdParams,
    response: restOrganizationRole,
    errors: [E.notExistsWithId],
    handler: async ({ ctx, params }) => toRestRole(await getOrganizationRole(ctx, params)),
  }),
  jsonRoute({
    method: "PATCH",
    path: "/api/organization-roles/{id}",
    operationId: "UpdateOrganizationRole",
    tag,
    summary: "Update organization role",
    description:
      "Renames, re-describes or re-types the role. Changing the type is refused while anyone of the other kind holds it.",
    params: restIdParams,
    body: restUpdateOrganizationRoleBody,
    response: restOrganizationRole,
    errors: [E.notExistsWithId, E.uniqueViolation, E.roleTypeInUse],
    handler: async ({ ctx, params, body }) =>
      toRestRole(await updateOrganizationRole(ctx, { ...body, id: params.id })),
  }),
  emptyRoute({
    method: "DELETE",
    path: "/api/organization-roles/{id}",
    operationId: "DeleteOrganizationRole",
    tag,
    summary: "Delete organization role",
    description: "Every member holding the role loses it, in every organization at once.",
    status: 204,
    params: restIdParams,
    errors: [E.notExistsWithId],
    handler: ({ ctx, params }) => deleteOrganizationRole(ctx, params),
  }),
  listRoute({
    method: "GET",
    path: "/api/organization-roles/{id}/scopes",
    operationId: "ListOrganizationRoleScopes",
    tag,
    summary: "Get organization role scopes",
    params: restIdParams,
    response: restOrganizationScope,
    errors: [E.notExistsWithId],
    handler: async ({ ctx, params, page }) =>
      pageOf((await getOrganizationRole(ctx, params)).permissions.map(toRestScope), page),
  }),
  emptyRoute({
    method: "POST",
    path: "/api/organization-roles/{id}/scopes",
    operationId: "AddOrganizationRoleScopes",
    tag,
    summary: "Add organization role scopes",
    description:
      "Scopes the role already holds stay: adding them again is harmless. Every member holding the role gains them at once.",
    status: 201,
    params: restIdParams,
    body: restAddRoleScopesBody,
    errors: [E.notExistsWithId, E.foreignKeyNotFound],
    handler: async ({ ctx, params, body }) => {
      await addRolePermissions(ctx, {
        roleId: params.id,
        permissionIds: body.organizationScopeIds,
      });
    },
  }),
  emptyRoute({
    method: "PUT",
    path: "/api/organization-roles/{id}/scopes",
    operationId: "ReplaceOrganizationRoleScopes",
    tag,
    summary: "Replace organization role scopes",
    status: 204,
    params: restIdParams,
    body: restReplaceRoleScopesBody,
    errors: [E.notExistsWithId, E.foreignKeyNotFound],
    handler: async ({ ctx, params, body }) => {
      await replaceRolePermissions(ctx, {
        roleId: params.id,
        permissionIds: body.organizationScopeIds,
      });
    },
  }),
  emptyRoute({
    method: "DELETE",
    path: "/api/organization-roles/{id}/scopes/{organizationScopeId}",
    operationId: "DeleteOrganizationRoleScope",
    tag,
    summary: "Remove organization role scope",
    description: "Removing a scope the role does not hold changes nothing (204).",
    status: 204,
    params: restRoleScopeParams,
    errors: [E.notExistsWithId],
    handler: async ({ ctx, params }) => {
      await removeRolePermissions(ctx, {
        roleId: params.id,
        permissionIds: [params.organizationScopeId],
      });
    },
  }),
];
