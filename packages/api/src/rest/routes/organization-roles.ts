import {
  addOrganizationRoleResourceScopes,
  addRolePermissions,
  createOrganizationRole,
  deleteOrganizationRole,
  getOrganizationRole,
  listOrganizationRoleResourceScopes,
  listOrganizationRoles,
  removeOrganizationRoleResourceScope,
  removeRolePermission,
  replaceOrganizationRoleResourceScopes,
  replaceRolePermissions,
  updateOrganizationRole,
} from "@guildhall/core";
import {
  restAddRoleResourceScopesBody,
  restAddRoleScopesBody,
  restCreateOrganizationRoleBody,
  restIdParams,
  restOrganizationRole,
  restOrganizationRoleWithScopes,
  restOrganizationScope,
  restReplaceRoleResourceScopesBody,
  restReplaceRoleScopesBody,
  restRoleResourceScopeParams,
  restRoleScope,
  restRoleScopeParams,
  restSearchQuery,
  restUpdateOrganizationRoleBody,
} from "@guildhall/validators/rest";
import { E } from "../errors.ts";
import { toRestRole, toRestRoleWithScopes, toRestScope } from "../mappers.ts";
import { pageOrAll } from "../pagination.ts";
import { emptyRoute, jsonRoute, optionalListRoute, pageOf } from "../router.ts";
import { toRestRoleScope } from "./roles.ts";

const tag = "Organization roles";

export const organizationRoleRoutes = [
  optionalListRoute({
    method: "GET",
    path: "/api/organization-roles",
    operationId: "ListOrganizationRoles",
    tag,
    summary: "Get organization roles",
    description:
      "The roles of the organization template, by name, each with its organization scopes and API resource scopes. `q` matches name, description or the exact id.",
    query: restSearchQuery,
    response: restOrganizationRoleWithScopes,
    handler: async ({ ctx, query, page }) => {
      const { items, total } = await pageOrAll(page, (p) =>
        listOrganizationRoles(ctx, { q: query.q, ...p }),
      );
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
      "Adds a role to the template, with its initial organization scopes and API resource scopes, in one transaction: an unknown id (422) creates nothing. It exists in every organization at once. The Management API's scope cannot be given to an organization role (422 `api_resource.management_api_protected`).",
    status: 201,
    body: restCreateOrganizationRoleBody,
    response: restOrganizationRole,
    errors: [E.uniqueViolation, E.foreignKeyNotFound, E.managementApiProtected],
    handler: async ({ ctx, body }) => {
      const { organizationScopeIds, resourceScopeIds, ...role } = body;
      return toRestRole(
        await createOrganizationRole(ctx, {
          ...role,
          permissionIds: organizationScopeIds,
          resourceScopeIds,
        }),
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
  optionalListRoute({
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
    description:
      "Every member holding the role loses the scope at once. A scope the role does not hold: 404 `entity.not_found`.",
    status: 204,
    params: restRoleScopeParams,
    errors: [E.notExistsWithId, E.notFound],
    handler: ({ ctx, params }) =>
      removeRolePermission(ctx, { roleId: params.id, permissionId: params.organizationScopeId }),
  }),
  optionalListRoute({
    method: "GET",
    path: "/api/organization-roles/{id}/resource-scopes",
    operationId: "ListOrganizationRoleResourceScopes",
    tag,
    summary: "Get organization role resource scopes",
    description:
      "The API resource scopes the role holds, each with its resource, by resource then name. Members holding the role get them in organization tokens for that API (`resource` and `organization_id` on the token request). `q` matches name, description or the exact id.",
    params: restIdParams,
    query: restSearchQuery,
    response: restRoleScope,
    errors: [E.notExistsWithId],
    handler: async ({ ctx, params, query, page }) => {
      const { items, total } = await pageOrAll(page, (p) =>
        listOrganizationRoleResourceScopes(ctx, { roleId: params.id, q: query.q, ...p }),
      );
      return { items: items.map(toRestRoleScope), total };
    },
  }),
  emptyRoute({
    method: "POST",
    path: "/api/organization-roles/{id}/resource-scopes",
    operationId: "CreateOrganizationRoleResourceScope",
    tag,
    summary: "Assign resource scopes to organization role",
    description:
      "Scopes the role already holds stay: adding them again is harmless. An unknown scope id: 422, nothing added. The Management API's scope cannot be given to an organization role.",
    status: 201,
    params: restIdParams,
    body: restAddRoleResourceScopesBody,
    errors: [E.notExistsWithId, E.foreignKeyNotFound, E.managementApiProtected],
    handler: async ({ ctx, params, body }) => {
      await addOrganizationRoleResourceScopes(ctx, { roleId: params.id, scopeIds: body.scopeIds });
    },
  }),
  emptyRoute({
    method: "PUT",
    path: "/api/organization-roles/{id}/resource-scopes",
    operationId: "ReplaceOrganizationRoleResourceScopes",
    tag,
    summary: "Replace resource scopes for organization role",
    description:
      "The role holds exactly these API resource scopes afterwards (an empty list removes all). An unknown scope id: 422, nothing changed.",
    status: 204,
    params: restIdParams,
    body: restReplaceRoleResourceScopesBody,
    errors: [E.notExistsWithId, E.foreignKeyNotFound, E.managementApiProtected],
    handler: async ({ ctx, params, body }) => {
      await replaceOrganizationRoleResourceScopes(ctx, {
        roleId: params.id,
        scopeIds: body.scopeIds,
      });
    },
  }),
  emptyRoute({
    method: "DELETE",
    path: "/api/organization-roles/{id}/resource-scopes/{scopeId}",
    operationId: "DeleteOrganizationRoleResourceScope",
    tag,
    summary: "Remove resource scope",
    description:
      "Members holding the role lose the scope from their next token on. A scope the role does not hold: 404 `entity.not_found`.",
    status: 204,
    params: restRoleResourceScopeParams,
    errors: [E.notExistsWithId, E.notFound],
    handler: ({ ctx, params }) =>
      removeOrganizationRoleResourceScope(ctx, { roleId: params.id, scopeId: params.scopeId }),
  }),
];
