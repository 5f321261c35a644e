import {
  createOrganization,
  deleteOrganization,
  getFeaturedMembers,
  getOrganization,
  listOrganizations,
  updateOrganization,
} from "@guildhall/core";
import {
  restCreateOrganizationBody,
  restIdParams,
  restListOrganizationsQuery,
  restOrganization,
  restOrganizationListItem,
  restUpdateOrganizationBody,
} from "@guildhall/validators/rest";
import { E } from "../errors.ts";
import { toRestOrganization, toRestOrganizationListItem } from "../mappers.ts";
import { emptyRoute, jsonRoute, listRoute } from "../router.ts";

export const organizationRoutes = [
  listRoute({
    method: "GET",
    path: "/api/organizations",
    operationId: "ListOrganizations",
    tag: "Organizations",
    summary: "Get organizations",
    description:
      "Organizations, newest first. `q` matches part of the name or the exact id. With `showFeatured=1`, each entry also has `usersCount` and `featuredUsers` (its first 3 members), as in Logto.",
    query: restListOrganizationsQuery,
    response: restOrganizationListItem,
    handler: async ({ ctx, query, page }) => {
      const { items, total } = await listOrganizations(ctx, { q: query.q, ...page });
      const featured = query.showFeatured
        ? await getFeaturedMembers(ctx, { organizationIds: items.map((o) => o.id) })
        : undefined;
      return {
        items: items.map((o) =>
          toRestOrganizationListItem(o, featured && (featured.get(o.id) ?? [])),
        ),
        total,
      };
    },
  }),
  jsonRoute({
    method: "POST",
    path: "/api/organizations",
    operationId: "CreateOrganization",
    tag: "Organizations",
    summary: "Create an organization",
    description:
      "The new organization follows the organization template at once: no roles are copied into it.",
    status: 201,
    body: restCreateOrganizationBody,
    response: restOrganization,
    handler: async ({ ctx, body }) => toRestOrganization(await createOrganization(ctx, body)),
  }),
  jsonRoute({
    method: "GET",
    path: "/api/organizations/{id}",
    operationId: "GetOrganization",
    tag: "Organizations",
    summary: "Get organization",
    params: restIdParams,
    response: restOrganization,
    errors: [E.notExistsWithId],
    handler: async ({ ctx, params }) => toRestOrganization(await getOrganization(ctx, params)),
  }),
  jsonRoute({
    method: "PATCH",
    path: "/api/organizations/{id}",
    operationId: "UpdateOrganization",
    tag: "Organizations",
    summary: "Update organization",
    description: "Changes the fields given. `customData` and `branding` are replaced as a whole.",
    params: restIdParams,
    body: restUpdateOrganizationBody,
    response: restOrganization,
    errors: [E.notExistsWithId],
    handler: async ({ ctx, params, body }) =>
      toRestOrganization(await updateOrganization(ctx, { ...body, id: params.id })),
  }),
  emptyRoute({
    method: "DELETE",
    path: "/api/organizations/{id}",
    operationId: "DeleteOrganization",
    tag: "Organizations",
    summary: "Delete organization",
    description:
      "Deletes the organization with its memberships and their roles. The users themselves stay.",
    status: 204,
    params: restIdParams,
    errors: [E.notExistsWithId],
    handler: ({ ctx, params }) => deleteOrganization(ctx, params),
  }),
];
