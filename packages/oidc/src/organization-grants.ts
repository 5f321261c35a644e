// Consumers type-check this package from source, so its ambient declarations travel with it.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./deep-imports.d.ts" />
import { createPrivateKey, type JsonWebKey, type KeyObject } from "node:crypto";
import { isDomainError, resolveOrganizationTokenGrant } from "@guildhall/core";
import type { Db } from "@guildhall/db";
import { issueOrganizationToken } from "@guildhall/org-token/issue";
import type { JWK } from "jose";
import { errors, type KoaContextWithOIDC, type Provider } from "oidc-provider";
// Deep imports: the provider's own grant handlers, wrapped below so that requests
// without organization_id behave exactly as the library defines.
import * as clientCredentialsGrant from "oidc-provider/lib/actions/grants/client_credentials.js";
import * as refreshTokenGrant from "oidc-provider/lib/actions/grants/refresh_token.js";
import * as grantHelpers from "oidc-provider/lib/helpers/grants.js";
import { OrganizationAccessDenied, OrganizationInsufficientScope } from "./errors.ts";
import { ORGANIZATIONS_SCOPE } from "./scopes.ts";

// Importing a JWK costs more than signing; keep one KeyObject per kid.
const keyObjects = new Map<string, KeyObject>();
function keyObjectFor(jwk: JWK & { kid: string }): KeyObject {
  let key = keyObjects.get(jwk.kid);
  if (!key) {
    key = createPrivateKey({ key: jwk as JsonWebKey, format: "jwk" });
    keyObjects.set(jwk.kid, key);
  }
  return key;
}

type GrantHandler = (ctx: KoaContextWithOIDC) => Promise<void>;
type GrantModule = {
  handler: (provider: Provider, helpers: unknown, ctx: KoaContextWithOIDC) => Promise<void>;
  parameters: Set<string>;
};

export interface OrganizationGrantOptions {
  db: Db;
  issuer: string;
  /** The key that signs now (private JWK with kid). */
  signingKey: () => Promise<JWK & { kid: string }>;
}

function bound(provider: Provider, module: GrantModule): GrantHandler {
  const helpers = Object.fromEntries(
    Object.entries(grantHelpers as Record<string, (...args: unknown[]) => unknown>).map(([name, fn]) => [name, fn.bind(undefined, provider)]),
  );
  return module.handler.bind(undefined, provider, helpers);
}

function requestedScopes(ctx: KoaContextWithOIDC): string[] | undefined {
  const raw = ctx.oidc.params?.scope;
  if (typeof raw !== "string" || raw.trim() === "") return undefined;
  return raw.trim().split(/\s+/);
}

function ttlOf(ctx: KoaContextWithOIDC): number {
  const client = ctx.oidc.client as unknown as Record<string, unknown> | undefined;
  const ttl = client?.["urn:guildhall:access_token_ttl"];
  return typeof ttl === "number" && ttl > 0 ? ttl : 3600;
}

async function respondWithOrganizationToken(
  ctx: KoaContextWithOIDC,
  options: OrganizationGrantOptions,
  subject: { type: "user"; userId: string } | { type: "application"; applicationId: string },
  organizationId: string,
) {
  let scopes: string[];
  try {
    ({ scopes } = await resolveOrganizationTokenGrant(options.db, {
      organizationId,
      subject,
      requestedScopes: requestedScopes(ctx),
    }));
  } catch (error) {
    if (isDomainError(error)) throw new OrganizationAccessDenied(error.message);
    throw error;
  }
  const key = await options.signingKey();
  const privateKey = keyObjectFor(key);
  const clientId = ctx.oidc.client?.clientId ?? "";
  const ttlSeconds = ttlOf(ctx);
  const { token } = await issueOrganizationToken({
    privateKey,
    kid: key.kid,
    alg: "ES256",
    issuer: options.issuer,
    subject: subject.type === "user" ? subject.userId : subject.applicationId,
    organizationId,
    scopes,
    clientId,
    ttlSeconds,
  });
  ctx.body = { access_token: token, token_type: "Bearer", expires_in: ttlSeconds, scope: scopes.join(" ") };
}

/**
 * Adds `organization_id` to the refresh_token and client_credentials grants: with it,
 * the response is an organization token (DESIGN.md "Organization token"); without it,
 * the library's own handler runs unchanged.
 */
export function registerOrganizationGrants(provider: Provider, options: OrganizationGrantOptions) {
  const refresh = bound(provider, refreshTokenGrant as unknown as GrantModule);
  const credentials = bound(provider, clientCredentialsGrant as unknown as GrantModule);

  provider.registerGrantType(
    "refresh_token",
    async (ctx: KoaContextWithOIDC) => {
      const organizationId = ctx.oidc.params?.organization_id;
      if (typeof organizationId !== "string" || !organizationId) return refresh(ctx);
      const value = ctx.oidc.params?.refresh_token;
      if (typeof value !== "string" || !value) throw new errors.InvalidRequest("missing required parameter 'refresh_token'");
      const refreshToken = await provider.RefreshToken.find(value, { ignoreExpiration: true });
      if (!refreshToken) throw new errors.InvalidGrant("refresh token not found");
      if (refreshToken.clientId !== ctx.oidc.client?.clientId) throw new errors.InvalidGrant("client mismatch");
      if (refreshToken.isExpired) throw new errors.InvalidGrant("refresh token is expired");
      if (refreshToken.consumed) throw new errors.InvalidGrant("refresh token already used");
      const granted = new Set((refreshToken.scope ?? "").split(" "));
      if (!granted.has(ORGANIZATIONS_SCOPE)) {
        throw new OrganizationInsufficientScope(`The refresh token was not granted the ${ORGANIZATIONS_SCOPE} scope.`);
      }
      const grant = await provider.Grant.find(refreshToken.grantId ?? "");
      if (!grant || grant.clientId !== refreshToken.clientId) throw new errors.InvalidGrant("grant not found");
      await respondWithOrganizationToken(ctx, options, { type: "user", userId: refreshToken.accountId }, organizationId);
    },
    [...refreshTokenGrant.parameters, "organization_id", "resource"],
    ["resource"],
  );

  provider.registerGrantType(
    "client_credentials",
    async (ctx: KoaContextWithOIDC) => {
      const organizationId = ctx.oidc.params?.organization_id;
      if (typeof organizationId !== "string" || !organizationId) return credentials(ctx);
      await respondWithOrganizationToken(
        ctx,
        options,
        { type: "application", applicationId: ctx.oidc.client?.clientId ?? "" },
        organizationId,
      );
    },
    [...clientCredentialsGrant.parameters, "organization_id", "resource"],
    ["resource"],
  );
}
