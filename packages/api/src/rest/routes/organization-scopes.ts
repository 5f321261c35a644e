import {
  createOrganizationPermission,
  deleteOrganizationPermission,
  getOrganizationPermission,
  listOrganizationPermissions,
  updateOrganizationPermission,
} from "@guildhall/core";
import {
  restCreateOrganizationScopeBody,
  restIdParams,
  restOrganizationScope,
  restSearchQuery,
  restUpdateOrganizationScopeBody,
} from "@guildhall/validators/rest";
import { E } from "../errors.ts";
import { toRestScope } from "../mappers.ts";
import { pageOrAll } from "../pagination.ts";
import { emptyRoute, jsonRoute, optionalListRoute } from "../router.ts";

const tag = "Organization scopes";

export const organizationScopeRoutes = [
  optionalListRoute({
    method: "GET",
    path: "/api/organization-scopes",
    operationId: "ListOrganizationScopes",
    tag,
    summary: "Get organization scopes",
    description:
      "The permissions of the organization template, by name. `q` matches name, description or the exact id.",
    query: restSearchQuery,
    response: restOrganizationScope,
    handler: async ({ ctx, query, page }) => {
      const { items, total } = await pageOrAll(page, (p) =>
        listOrganizationPermissions(ctx, { q: query.q, ...p }),
      );
      return { items: items.map(toRestScope), total };
    },
  }),
  jsonRoute({
    method: "POST",
    path: "/api/organization-scopes",
    operationId: "CreateOrganizationScope",
    tag,
    summary: "Create an organization scope",
    description:
      "Names look like `invite:member`: no spaces (they travel space-separated in a token's `scope`).",
    status: 201,
    body: restCreateOrganizationScopeBody,
    response: restOrganizationScope,
    errors: [E.uniqueViolation, E.permissionReserved],
    handler: async ({ ctx, body }) => toRestScope(await createOrganizationPermission(ctx, body)),
  }),
  jsonRoute({
    method: "GET",
    path: "/api/organization-scopes/{id}",
    operationId: "GetOrganizationScope",
    tag,
    summary: "Get organization scope",
    params: restIdParams,
    response: restOrganizationScope,
    errors: [E.notExistsWithId],
    handler: async ({ ctx, params }) => toRestScope(await getOrganizationPermission(ctx, params)),
  }),
  jsonRoute({
    method: "PATCH",
    path: "/api/organization-scopes/{id}",
    operationId: "UpdateOrganizationScope",
    tag,
    summary: "Update organization scope",
    params: restIdParams,
    body: restUpdateOrganizationScopeBody,
    response: restOrganizationScope,
    errors: [E.notExistsWithId, E.uniqueViolation, E.permissionReserved],
    handler: async ({ ctx, params, body }) =>
      toRestScope(await updateOrganizationPermission(ctx, { ...body, id: params.id })),
  }),
  emptyRoute({
    method: "DELETE",
    path: "/api/organization-scopes/{id}",
    operationId: "DeleteOrganizationScope",
    tag,
    summary: "Delete organization scope",
    description: "Every role loses the scope, in every organization at once.",
    status: 204,
    params: restIdParams,
    errors: [E.notExistsWithId, E.permissionReserved],
    handler: ({ ctx, params }) => deleteOrganizationPermission(ctx, params),
  }),
];
