import {
  addJitEmailDomain,
  addJitRoles,
  addJitSsoConnectors,
  listJitEmailDomains,
  listJitRoles,
  listJitSsoConnectors,
  removeJitEmailDomain,
  removeJitRole,
  removeJitSsoConnector,
  replaceJitEmailDomains,
  replaceJitRoles,
  replaceJitSsoConnectors,
} from "@guildhall/core";
import {
  restAddJitEmailDomainBody,
  restAddJitRolesBody,
  restAddJitSsoConnectorsBody,
  restIdParams,
  restJitEmailDomain,
  restJitEmailDomainParams,
  restJitRoleParams,
  restJitRolesBody,
  restJitSsoConnector,
  restJitSsoConnectorParams,
  restJitSsoConnectorsBody,
  restOrganizationRole,
  restReplaceJitEmailDomainsBody,
} from "@guildhall/validators/rest";
import { E } from "../errors.ts";
import { toRestRole } from "../mappers.ts";
import { emptyRoute, jsonRoute, listRoute } from "../router.ts";

const tag = "Organizations";
const base = "/api/organizations/{id}/jit";

// Writing a relation on an organization that does not exist answers as Logto's inserts do
// (a foreign-key miss); reads and deletes keep 404.
const unknownOrganizationIsForeignKey = {
  "organization.not_found": E.foreignKeyNotFound,
} as const;

const emailDomainRoutes = [
  listRoute({
    method: "GET",
    path: `${base}/email-domains`,
    operationId: "ListOrganizationJitEmailDomains",
    tag,
    summary: "Get organization JIT email domains",
    description:
      "New users whose verified email is at one of these domains join the organization, with its default roles.",
    params: restIdParams,
    response: restJitEmailDomain,
    errors: [E.notExistsWithId],
    handler: ({ ctx, params, page }) =>
      listJitEmailDomains(ctx, { organizationId: params.id, ...page }),
  }),
  jsonRoute({
    method: "POST",
    path: `${base}/email-domains`,
    operationId: "CreateOrganizationJitEmailDomain",
    tag,
    summary: "Add organization JIT email domain",
    description:
      "Adds one domain (lower-cased). Public mail domains are refused with 422 `jit.email_domain_public`. Adding a domain the organization has is harmless.",
    status: 201,
    params: restIdParams,
    body: restAddJitEmailDomainBody,
    response: restJitEmailDomain,
    errors: [E.foreignKeyNotFound, { status: 422, code: "jit.email_domain_public" }],
    overrides: unknownOrganizationIsForeignKey,
    handler: ({ ctx, params, body }) =>
      addJitEmailDomain(ctx, { organizationId: params.id, emailDomain: body.emailDomain }),
  }),
  emptyRoute({
    method: "PUT",
    path: `${base}/email-domains`,
    operationId: "ReplaceOrganizationJitEmailDomains",
    tag,
    summary: "Replace organization JIT email domains",
    description: "Makes the domains exactly `emailDomains`; an empty list removes them all.",
    status: 204,
    params: restIdParams,
    body: restReplaceJitEmailDomainsBody,
    errors: [E.foreignKeyNotFound, { status: 422, code: "jit.email_domain_public" }],
    overrides: unknownOrganizationIsForeignKey,
    handler: ({ ctx, params, body }) =>
      replaceJitEmailDomains(ctx, { organizationId: params.id, emailDomains: body.emailDomains }),
  }),
  emptyRoute({
    method: "DELETE",
    path: `${base}/email-domains/{emailDomain}`,
    operationId: "DeleteOrganizationJitEmailDomain",
    tag,
    summary: "Remove organization JIT email domain",
    description: "Members who joined through the domain stay members.",
    status: 204,
    params: restJitEmailDomainParams,
    errors: [E.notExistsWithId, E.notFound],
    handler: ({ ctx, params }) =>
      removeJitEmailDomain(ctx, { organizationId: params.id, emailDomain: params.emailDomain }),
  }),
];

const roleRoutes = [
  listRoute({
    method: "GET",
    path: `${base}/roles`,
    operationId: "ListOrganizationJitRoles",
    tag,
    summary: "Get organization JIT default roles",
    description: "The organization roles a user provisioned just in time is given, by name.",
    params: restIdParams,
    response: restOrganizationRole,
    errors: [E.notExistsWithId],
    handler: async ({ ctx, params, page }) => {
      const { items, total } = await listJitRoles(ctx, { organizationId: params.id, ...page });
      return { items: items.map(toRestRole), total };
    },
  }),
  emptyRoute({
    method: "POST",
    path: `${base}/roles`,
    operationId: "CreateOrganizationJitRoles",
    tag,
    summary: "Add organization JIT default roles",
    description:
      "Adds default roles (organization roles of type User); roles already among them stay.",
    status: 201,
    params: restIdParams,
    body: restAddJitRolesBody,
    errors: [E.foreignKeyNotFound, E.roleTypeMismatch],
    overrides: unknownOrganizationIsForeignKey,
    handler: ({ ctx, params, body }) =>
      addJitRoles(ctx, {
        organizationId: params.id,
        organizationRoleIds: body.organizationRoleIds,
      }),
  }),
  emptyRoute({
    method: "PUT",
    path: `${base}/roles`,
    operationId: "ReplaceOrganizationJitRoles",
    tag,
    summary: "Replace organization JIT default roles",
    description:
      "Makes the default roles exactly `organizationRoleIds`; members already provisioned keep theirs.",
    status: 204,
    params: restIdParams,
    body: restJitRolesBody,
    errors: [E.foreignKeyNotFound, E.roleTypeMismatch],
    overrides: unknownOrganizationIsForeignKey,
    handler: ({ ctx, params, body }) =>
      replaceJitRoles(ctx, {
        organizationId: params.id,
        organizationRoleIds: body.organizationRoleIds,
      }),
  }),
  emptyRoute({
    method: "DELETE",
    path: `${base}/roles/{organizationRoleId}`,
    operationId: "DeleteOrganizationJitRole",
    tag,
    summary: "Remove organization JIT default role",
    status: 204,
    params: restJitRoleParams,
    errors: [E.notExistsWithId, E.notFound],
    // Not among the default roles: a missing relation, as in Logto.
    overrides: { "jit.role_not_found": E.notFound },
    handler: ({ ctx, params }) =>
      removeJitRole(ctx, {
        organizationId: params.id,
        organizationRoleId: params.organizationRoleId,
      }),
  }),
];

const ssoConnectorRoutes = [
  listRoute({
    method: "GET",
    path: `${base}/sso-connectors`,
    operationId: "ListOrganizationJitSsoConnectors",
    tag,
    summary: "Get organization JIT SSO connectors",
    description:
      "Users who sign in through these connectors join the organization on their first SSO sign-in. Each connector is shown by its identity and domains; its config (secrets) never.",
    params: restIdParams,
    response: restJitSsoConnector,
    errors: [E.notExistsWithId],
    handler: async ({ ctx, params, page }) => {
      const { items, total } = await listJitSsoConnectors(ctx, {
        organizationId: params.id,
        ...page,
      });
      return { items: items.map((c) => ({ ...c, createdAt: c.createdAt.getTime() })), total };
    },
  }),
  emptyRoute({
    method: "POST",
    path: `${base}/sso-connectors`,
    operationId: "CreateOrganizationJitSsoConnectors",
    tag,
    summary: "Add organization JIT SSO connectors",
    status: 201,
    params: restIdParams,
    body: restAddJitSsoConnectorsBody,
    errors: [E.foreignKeyNotFound],
    overrides: unknownOrganizationIsForeignKey,
    handler: ({ ctx, params, body }) =>
      addJitSsoConnectors(ctx, {
        organizationId: params.id,
        ssoConnectorIds: body.ssoConnectorIds,
      }),
  }),
  emptyRoute({
    method: "PUT",
    path: `${base}/sso-connectors`,
    operationId: "ReplaceOrganizationJitSsoConnectors",
    tag,
    summary: "Replace organization JIT SSO connectors",
    status: 204,
    params: restIdParams,
    body: restJitSsoConnectorsBody,
    errors: [E.foreignKeyNotFound],
    overrides: unknownOrganizationIsForeignKey,
    handler: ({ ctx, params, body }) =>
      replaceJitSsoConnectors(ctx, {
        organizationId: params.id,
        ssoConnectorIds: body.ssoConnectorIds,
      }),
  }),
  emptyRoute({
    method: "DELETE",
    path: `${base}/sso-connectors/{ssoConnectorId}`,
    operationId: "DeleteOrganizationJitSsoConnector",
    tag,
    summary: "Remove organization JIT SSO connector",
    description: "Members who joined through the connector stay members.",
    status: 204,
    params: restJitSsoConnectorParams,
    errors: [E.notExistsWithId, E.notFound],
    overrides: { "jit.sso_connector_not_found": E.notFound },
    handler: ({ ctx, params }) =>
      removeJitSsoConnector(ctx, {
        organizationId: params.id,
        ssoConnectorId: params.ssoConnectorId,
      }),
  }),
];

/** Just-in-time provisioning of an organization, in Logto's shapes. */
export const organizationJitRoutes = [...emailDomainRoutes, ...roleRoutes, ...ssoConnectorRoutes];
