import {
  createApiResource,
  createApiScope,
  deleteApiResource,
  deleteApiScope,
  getApiResource,
  listApiResources,
  listApiScopes,
  updateApiResource,
  updateApiScope,
} from "@guildhall/core";
import type { ApiResource, ApiScope } from "@guildhall/validators";
import {
  restApiResource,
  restApiScope,
  restApiScopeParams,
  restCreateApiResourceBody,
  restCreateApiScopeBody,
  restIdParams,
  restSearchQuery,
  restUpdateApiResourceBody,
  restUpdateApiScopeBody,
  type RestApiResource,
  type RestApiScope,
} from "@guildhall/validators/rest";
import { E } from "../errors.ts";
import { emptyRoute, jsonRoute, listRoute } from "../router.ts";

const tag = "API resources";
const protectedNote =
  "The Management API resource is built in and answers 422 `api_resource.management_api_protected`.";

function toRestApiResource(r: ApiResource): RestApiResource {
  return { id: r.id, name: r.name, indicator: r.indicator, accessTokenTtl: r.accessTokenTtl };
}

function toRestApiScope(s: ApiScope): RestApiScope {
  return {
    id: s.id,
    resourceId: s.resourceId,
    name: s.name,
    description: s.description,
    createdAt: s.createdAt.getTime(),
  };
}

export const apiResourceRoutes = [
  listRoute({
    method: "GET",
    path: "/api/resources",
    operationId: "ListResources",
    tag,
    summary: "Get API resources",
    description:
      "API resources by name, the Management API included. `q` matches part of the name or indicator (any case), or the exact id.",
    query: restSearchQuery,
    response: restApiResource,
    handler: async ({ ctx, query, page }) => {
      const { items, total } = await listApiResources(ctx, { q: query.q, ...page });
      return { items: items.map(toRestApiResource), total };
    },
  }),
  jsonRoute({
    method: "POST",
    path: "/api/resources",
    operationId: "CreateResource",
    tag,
    summary: "Create an API resource",
    description:
      "The indicator must be an absolute URI without a fragment, unique across API resources; it cannot change later.",
    status: 201,
    body: restCreateApiResourceBody,
    response: restApiResource,
    errors: [E.uniqueViolation],
    handler: async ({ ctx, body }) => toRestApiResource(await createApiResource(ctx, body)),
  }),
  jsonRoute({
    method: "GET",
    path: "/api/resources/{id}",
    operationId: "GetResource",
    tag,
    summary: "Get API resource",
    params: restIdParams,
    response: restApiResource,
    errors: [E.notExistsWithId],
    handler: async ({ ctx, params }) => toRestApiResource(await getApiResource(ctx, params)),
  }),
  jsonRoute({
    method: "PATCH",
    path: "/api/resources/{id}",
    operationId: "UpdateResource",
    tag,
    summary: "Update API resource",
    description: `Changes the name or the access token lifetime (for tokens issued from now on). The indicator cannot change. ${protectedNote}`,
    params: restIdParams,
    body: restUpdateApiResourceBody,
    response: restApiResource,
    errors: [E.notExistsWithId, E.managementApiProtected],
    handler: async ({ ctx, params, body }) =>
      toRestApiResource(await updateApiResource(ctx, { ...body, id: params.id })),
  }),
  emptyRoute({
    method: "DELETE",
    path: "/api/resources/{id}",
    operationId: "DeleteResource",
    tag,
    summary: "Delete API resource",
    description: `Its scopes go with it, and every global role loses them. Tokens already issued stay valid until they expire. ${protectedNote}`,
    status: 204,
    params: restIdParams,
    errors: [E.notExistsWithId, E.managementApiProtected],
    handler: ({ ctx, params }) => deleteApiResource(ctx, params),
  }),
  listRoute({
    method: "GET",
    path: "/api/resources/{id}/scopes",
    operationId: "ListResourceScopes",
    tag,
    summary: "Get API resource scopes",
    description:
      "The scopes (permissions) of the API resource, by name. `q` matches name, description or the exact id.",
    params: restIdParams,
    query: restSearchQuery,
    response: restApiScope,
    errors: [E.notExistsWithId],
    handler: async ({ ctx, params, query, page }) => {
      const { items, total } = await listApiScopes(ctx, {
        resourceId: params.id,
        q: query.q,
        ...page,
      });
      return { items: items.map(toRestApiScope), total };
    },
  }),
  jsonRoute({
    method: "POST",
    path: "/api/resources/{id}/scopes",
    operationId: "CreateResourceScope",
    tag,
    summary: "Create API resource scope",
    description: `Names are unique within the resource and have no spaces (they travel space-separated in a token's \`scope\`). ${protectedNote}`,
    status: 201,
    params: restIdParams,
    body: restCreateApiScopeBody,
    response: restApiScope,
    errors: [E.notExistsWithId, E.uniqueViolation, E.managementApiProtected],
    handler: async ({ ctx, params, body }) =>
      toRestApiScope(await createApiScope(ctx, { ...body, resourceId: params.id })),
  }),
  jsonRoute({
    method: "PATCH",
    path: "/api/resources/{id}/scopes/{scopeId}",
    operationId: "UpdateResourceScope",
    tag,
    summary: "Update API resource scope",
    description: `Roles holding the scope keep it. ${protectedNote}`,
    params: restApiScopeParams,
    body: restUpdateApiScopeBody,
    response: restApiScope,
    errors: [E.notExistsWithId, E.uniqueViolation, E.managementApiProtected],
    handler: async ({ ctx, params, body }) =>
      toRestApiScope(
        await updateApiScope(ctx, { ...body, resourceId: params.id, id: params.scopeId }),
      ),
  }),
  emptyRoute({
    method: "DELETE",
    path: "/api/resources/{id}/scopes/{scopeId}",
    operationId: "DeleteResourceScope",
    tag,
    summary: "Delete API resource scope",
    description: `Every global role loses the scope. ${protectedNote}`,
    status: 204,
    params: restApiScopeParams,
    errors: [E.notExistsWithId, E.managementApiProtected],
    handler: ({ ctx, params }) =>
      deleteApiScope(ctx, { resourceId: params.id, id: params.scopeId }),
  }),
];
