import {
  createApplication,
  deleteApplication,
  getApplication,
  listApplications,
  updateApplication,
} from "@guildhall/core";
import type { Application } from "@guildhall/validators";
import {
  restApplication,
  restApplicationIdParams,
  restCreateApplicationBody,
  restCreatedApplication,
  restListApplicationsQuery,
  restUpdateApplicationBody,
  type RestApplication,
} from "@guildhall/validators/rest";
import { E } from "../errors.ts";
import { emptyRoute, jsonRoute, listRoute } from "../router.ts";

const tag = "Applications";
const notFound = { "application.not_found": E.notExistsWithId } as const;

/** An application in Logto's shape: redirect URIs under `oidcClientMetadata`, epoch ms. */
export function toRestApplication(a: Application): RestApplication {
  return {
    id: a.id,
    name: a.name,
    description: a.description,
    type: a.type,
    oidcClientMetadata: {
      redirectUris: a.redirectUris,
      postLogoutRedirectUris: a.postLogoutRedirectUris,
    },
    customClientMetadata: { accessTokenTtl: a.accessTokenTtl, refreshTokenTtl: a.refreshTokenTtl },
    isThirdParty: a.isThirdParty,
    createdAt: a.createdAt.getTime(),
  };
}

export const applicationRoutes = [
  listRoute({
    method: "GET",
    path: "/api/applications",
    operationId: "ListApplications",
    tag,
    summary: "Get applications",
    description:
      "Applications, newest first. `q` matches part of the name (any case) or the exact id; `types` keeps one type.",
    query: restListApplicationsQuery,
    response: restApplication,
    handler: async ({ ctx, query, page }) => {
      const { items, total } = await listApplications(ctx, {
        q: query.q,
        type: query.types,
        ...page,
      });
      return { items: items.map(toRestApplication), total };
    },
  }),
  jsonRoute({
    method: "POST",
    path: "/api/applications",
    operationId: "CreateApplication",
    tag,
    summary: "Create an application",
    description:
      "Registers an OIDC client. Traditional and MachineToMachine applications get a secret, returned in `secret` in this response only. As in Logto, a creation answers 200.",
    body: restCreateApplicationBody,
    response: restCreatedApplication,
    handler: async ({ ctx, body }) => {
      const { oidcClientMetadata, customClientMetadata, ...rest } = body;
      const { application, secret } = await createApplication(ctx, {
        ...rest,
        ...oidcClientMetadata,
        ...customClientMetadata,
      });
      return { ...toRestApplication(application), secret: secret?.value ?? null };
    },
  }),
  jsonRoute({
    method: "GET",
    path: "/api/applications/{id}",
    operationId: "GetApplication",
    tag,
    summary: "Get application",
    description: "The application. Its secrets are never shown again after creation.",
    params: restApplicationIdParams,
    response: restApplication,
    errors: [E.notExistsWithId],
    overrides: notFound,
    handler: async ({ ctx, params }) =>
      toRestApplication(await getApplication(ctx, { id: params.id })),
  }),
  jsonRoute({
    method: "PATCH",
    path: "/api/applications/{id}",
    operationId: "UpdateApplication",
    tag,
    summary: "Update application",
    description:
      "Changes the fields given. The type cannot change; a MachineToMachine application takes no redirect URIs.",
    params: restApplicationIdParams,
    body: restUpdateApplicationBody,
    response: restApplication,
    errors: [E.notExistsWithId],
    overrides: notFound,
    handler: async ({ ctx, params, body }) => {
      const { oidcClientMetadata, customClientMetadata, ...rest } = body;
      return toRestApplication(
        await updateApplication(ctx, {
          id: params.id,
          ...rest,
          ...oidcClientMetadata,
          ...customClientMetadata,
        }),
      );
    },
  }),
  emptyRoute({
    method: "DELETE",
    path: "/api/applications/{id}",
    operationId: "DeleteApplication",
    tag,
    summary: "Delete application",
    description: "Its secrets, organization memberships and the tokens issued to it go with it.",
    status: 204,
    params: restApplicationIdParams,
    errors: [E.notExistsWithId],
    overrides: notFound,
    handler: ({ ctx, params }) => deleteApplication(ctx, { id: params.id }),
  }),
];
