import {
  createSsoConnector,
  deleteSsoConnector,
  getSsoConnector,
  listSsoConnectorProviders,
  listSsoConnectors,
  updateSsoConnector,
} from "@guildhall/core";
import type { SsoConnector } from "@guildhall/validators";
import {
  restCreateSsoConnectorBody,
  restIdParams,
  restSsoConnector,
  restSsoConnectorProvider,
  restUpdateSsoConnectorBody,
  type RestSsoConnector,
} from "@guildhall/validators/rest";
import { z } from "zod";
import { E } from "../errors.ts";
import { pageOrAll } from "../pagination.ts";
import { emptyRoute, jsonRoute, optionalListRoute } from "../router.ts";

const tag = "SSO connectors";
const adminsOnly =
  "Console admins and Management API clients only: a connector decides which identity provider may vouch for whom.";
const configErrors = [E.ssoConnectorInvalidConfig, E.ssoConnectorForbiddenDomains] as const;

function toRest({ createdAt, ...connector }: SsoConnector): RestSsoConnector {
  return { ...connector, createdAt: createdAt.getTime() };
}

/** The instance secret seals the client secret; without it nothing may be stored. */
function sealingOptions(instanceSecret: string | undefined) {
  if (!instanceSecret)
    throw new Error(
      "The instance secret (GUILDHALL_SECRET) is not configured: SSO connector secrets cannot be sealed.",
    );
  return { instanceSecret };
}

// Unpaginated (no page/page_size), Logto answers every connector: read them 100 at a time.
export const ssoConnectorRoutes = [
  jsonRoute({
    method: "GET",
    path: "/api/sso-connector-providers",
    operationId: "ListSsoConnectorProviders",
    tag: "SSO connector providers",
    summary: "List all the supported SSO connector provider details",
    description: "The kinds of connector that can be created: OIDC and SAML.",
    response: z.array(restSsoConnectorProvider),
    handler: () => Promise.resolve(listSsoConnectorProviders()),
  }),
  optionalListRoute({
    method: "GET",
    path: "/api/sso-connectors",
    operationId: "ListSsoConnectors",
    tag,
    summary: "List SSO connectors",
    description:
      "Newest first. Paginated when `page` or `page_size` is given, otherwise every connector. Secrets are never returned.",
    response: restSsoConnector,
    handler: async ({ ctx, page }) => {
      const { items, total } = await pageOrAll(page, (p) => listSsoConnectors(ctx, p));
      return { items: items.map(toRest), total };
    },
  }),
  jsonRoute({
    method: "POST",
    path: "/api/sso-connectors",
    operationId: "CreateSsoConnector",
    tag,
    summary: "Create SSO connector",
    description: `Validates the config for the provider (SAML metadata is parsed and its signing certificate read) and seals the OIDC client secret. Domains are lower-cased; public mail domains and domains of another connector are refused. ${adminsOnly}`,
    body: restCreateSsoConnectorBody,
    response: restSsoConnector,
    errors: [...configErrors, E.ssoConnectorNameTaken],
    handler: async ({ ctx, body, instanceSecret }) =>
      toRest(await createSsoConnector(ctx, body, sealingOptions(instanceSecret))),
  }),
  jsonRoute({
    method: "GET",
    path: "/api/sso-connectors/{id}",
    operationId: "GetSsoConnector",
    tag,
    summary: "Get SSO connector",
    params: restIdParams,
    response: restSsoConnector,
    errors: [E.notExistsWithId],
    handler: async ({ ctx, params }) => toRest(await getSsoConnector(ctx, params)),
  }),
  jsonRoute({
    method: "PATCH",
    path: "/api/sso-connectors/{id}",
    operationId: "UpdateSsoConnector",
    tag,
    summary: "Update SSO connector",
    description: `A partial update; the provider cannot change. \`config\` is merged over the stored settings, so the client secret may be left out. ${adminsOnly}`,
    params: restIdParams,
    body: restUpdateSsoConnectorBody,
    response: restSsoConnector,
    errors: [E.notExistsWithId, ...configErrors, E.ssoConnectorNameTaken],
    handler: async ({ ctx, params, body, instanceSecret }) =>
      toRest(
        await updateSsoConnector(ctx, { ...body, id: params.id }, sealingOptions(instanceSecret)),
      ),
  }),
  emptyRoute({
    method: "DELETE",
    path: "/api/sso-connectors/{id}",
    operationId: "DeleteSsoConnector",
    tag,
    summary: "Delete SSO connector",
    description: `Its users' SSO identities and its organization JIT links go with it; the users stay. ${adminsOnly}`,
    status: 204,
    params: restIdParams,
    errors: [E.notExistsWithId],
    handler: ({ ctx, params }) => deleteSsoConnector(ctx, params),
  }),
];
