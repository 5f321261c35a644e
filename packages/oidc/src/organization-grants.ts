// Consumers type-check this package from source, so its ambient declarations travel with it.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./deep-imports.d.ts" />
import { createPrivateKey, type JsonWebKey, type KeyObject } from "node:crypto";
import {
  decideUserOrganizationTokenGrant,
  isDomainError,
  resolveOrganizationResourceGrant,
  resolveOrganizationTokenGrant,
  userGrantFactsSql,
  type OrganizationTokenGrant,
  type UserGrantFacts,
} from "@guildhall/core";
import type { Db } from "@guildhall/db";
import { sqlTable } from "@guildhall/db/sql";
import { paddedForGenericPlan, preparedSql, sqlRunner } from "@guildhall/db/sql-runner";
import { issueOrganizationToken } from "@guildhall/org-token/issue";
import type { JWK } from "jose";
import { errors, type KoaContextWithOIDC, type Provider } from "oidc-provider";
// Deep imports: the provider's own grant handlers, wrapped below so that requests
// without organization_id behave exactly as the library defines.
import * as clientCredentialsGrant from "oidc-provider/lib/actions/grants/client_credentials.js";
import * as refreshTokenGrant from "oidc-provider/lib/actions/grants/refresh_token.js";
import * as grantHelpers from "oidc-provider/lib/helpers/grants.js";
import revoke from "oidc-provider/lib/helpers/revoke.js";
import { toPayload, type StoredModel } from "./adapter.ts";
import { createBatchLoader } from "./batch-loader.ts";
import { OrganizationAccessDenied, OrganizationInsufficientScope } from "./errors.ts";
import { assertSafeParameter, isSafeLookup } from "./safe-input.ts";
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
  /** The provider's adapter class: rows read here are handed to the provider through it. */
  adapter: {
    preload(model: string, id: string, payload: ReturnType<typeof toPayload>): () => void;
  };
  issuer: string;
  /** Public base URL (the issuer without `/oidc`): the Management API is `${baseUrl}/api`. */
  baseUrl: string;
  /** The key that signs now (private JWK with kid). */
  signingKey: () => JWK & { kid: string };
}

interface BoundHelpers {
  validateDpop(
    ctx: KoaContextWithOIDC,
  ): Promise<{ thumbprint: string; jti: string; iat: number } | undefined>;
  checkDpopRequired(ctx: KoaContextWithOIDC, dPoP: unknown): void;
  checkDpopReplay(
    ctx: KoaContextWithOIDC,
    dPoP: unknown,
    clientId: string,
    ErrorClass: unknown,
  ): Promise<void>;
  validateGrant(
    ctx: KoaContextWithOIDC,
    grantId: string,
  ): Promise<{ accountId?: string; getResourceScope(resource: string): string }>;
}

function boundHelpers(provider: Provider): BoundHelpers {
  return Object.fromEntries(
    Object.entries(grantHelpers as Record<string, (...args: unknown[]) => unknown>).map(
      ([name, fn]) => [name, fn.bind(undefined, provider)],
    ),
  ) as unknown as BoundHelpers;
}

function bound(provider: Provider, helpers: BoundHelpers, module: GrantModule): GrantHandler {
  return module.handler.bind(undefined, provider, helpers);
}

interface RefreshGrantRow extends UserGrantFacts {
  refresh_token: StoredModel["payload"];
  refresh_expires_at: number | null;
  refresh_consumed_at: number | null;
  grant_payload: StoredModel["payload"] | null;
  grant_expires_at: number | null;
  grant_consumed_at: number | null;
}

// Timestamps as epoch milliseconds (float8): a number parses far cheaper than a timestamptz.
const epochMs = (column: string) => `(extract(epoch from ${column}) * 1000)::float8`;

// Every organization token for a user reads the refresh token, its grant and the
// membership facts: one prepared statement for all the requests of a batch (see
// batch-loader.ts), instead of three round trips per request.
const rt = sqlTable("OidcModel", "rt");
const g = sqlTable("OidcModel", "g");
const facts = userGrantFactsSql("req.organization_id", `${rt.col.payload}->>'accountId'`);
const REFRESH_GRANT_SQL = preparedSql(`
  SELECT req.i::int AS i,
         ${rt.col.payload} AS refresh_token, ${epochMs(rt.col.expiresAt)} AS refresh_expires_at, ${epochMs(rt.col.consumedAt)} AS refresh_consumed_at,
         ${g.col.payload} AS grant_payload, ${epochMs(g.col.expiresAt)} AS grant_expires_at, ${epochMs(g.col.consumedAt)} AS grant_consumed_at,
         ${facts.columns}
  FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS req(refresh_token, organization_id, i)
  JOIN ${rt.ref} ON ${rt.col.model} = 'RefreshToken' AND ${rt.col.id} = req.refresh_token
  LEFT JOIN ${g.ref} ON ${g.col.model} = 'Grant' AND ${g.col.id} = ${rt.col.payload}->>'grantId'
  ${facts.joins}`);

type RefreshGrantKey = { refreshToken: string; organizationId: string };

function createRefreshGrantReader(db: Db) {
  return createBatchLoader<RefreshGrantKey, RefreshGrantRow>({
    async run(keys) {
      // Padded to 10 (NULLs match no row): every batch size stays on the generic plan
      // (measured: +0.35 ms per request at idle when each batch was planned anew).
      const rows = await sqlRunner(db).rows<RefreshGrantRow & { i: number }>(REFRESH_GRANT_SQL, [
        paddedForGenericPlan(keys.map((k) => k.refreshToken)),
        paddedForGenericPlan(keys.map((k) => k.organizationId)),
      ]);
      const byIndex: (RefreshGrantRow | undefined)[] = new Array<RefreshGrantRow | undefined>(
        keys.length,
      );
      for (const row of rows) byIndex[row.i - 1] = row;
      return byIndex;
    },
  });
}

function requestedScopes(ctx: KoaContextWithOIDC): string[] | undefined {
  const raw = ctx.oidc.params?.scope;
  if (typeof raw !== "string" || raw.trim() === "") return undefined;
  return raw.trim().split(/\s+/);
}

/**
 * The API (RFC 8707 resource indicator) an organization token is asked for, if any. One
 * value only: a token has one audience.
 */
function requestedResource(ctx: KoaContextWithOIDC): string | undefined {
  const raw: unknown = ctx.oidc.params?.resource;
  const values = (Array.isArray(raw) ? (raw as unknown[]) : [raw]).filter(
    (v) => v !== undefined && v !== "",
  );
  if (values.length === 0) return undefined;
  const value = values[0];
  if (values.length > 1 || typeof value !== "string")
    throw new errors.InvalidTarget("only a single resource indicator value is supported");
  // No API has such text as its indicator: the answer for an unknown one, without a lookup.
  if (!isSafeLookup(value)) throw new errors.InvalidTarget("Unknown resource.");
  return value;
}

/** What the token carries: an organization's permissions, or an API's (audience and TTL). */
interface OrganizationTokenDecision extends OrganizationTokenGrant {
  /** The API's resource indicator; the organization's URN when absent. */
  audience?: string;
  /** The API's access-token lifetime; the application's when absent. */
  ttlSeconds?: number;
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
  decide: () => OrganizationTokenDecision | Promise<OrganizationTokenDecision>,
) {
  let decision: OrganizationTokenDecision;
  try {
    // Awaited only when it is a promise: every await is a promise more (and, with the
    // provider's AsyncLocalStorage, async_hooks work) on every token.
    const decided = decide();
    decision = decided instanceof Promise ? await decided : decided;
  } catch (error) {
    if (!isDomainError(error)) throw error;
    // An unknown API, or the Management API: the resource is the problem, as RFC 8707 says.
    if (error.code === "api_resource.not_found" || error.code === "auth.forbidden")
      throw new errors.InvalidTarget(error.message);
    throw new OrganizationAccessDenied(error.message);
  }
  const { scopes, audience } = decision;
  const key = options.signingKey();
  const privateKey = keyObjectFor(key);
  const clientId = ctx.oidc.client?.clientId ?? "";
  const ttlSeconds = decision.ttlSeconds ?? ttlOf(ctx);
  const { token } = await issueOrganizationToken({
    privateKey,
    kid: key.kid,
    alg: "ES256",
    issuer: options.issuer,
    subject: subject.type === "user" ? subject.userId : subject.applicationId,
    organizationId,
    ...(audience === undefined ? {} : { audience }),
    scopes,
    clientId,
    ttlSeconds,
    // `mv`: verifiers following the event stream refuse the token once the roles change.
    ...(decision.membershipVersion === undefined
      ? {}
      : { membershipVersion: decision.membershipVersion }),
  });
  ctx.body = {
    access_token: token,
    token_type: "Bearer",
    expires_in: ttlSeconds,
    scope: scopes.join(" "),
  };
}

/** An organization token for an API: core decides, the token's audience is the API. */
async function resourceDecision(
  options: OrganizationGrantOptions,
  request: Omit<Parameters<typeof resolveOrganizationResourceGrant>[1], "baseUrl">,
): Promise<OrganizationTokenDecision> {
  const grant = await resolveOrganizationResourceGrant(options.db, {
    ...request,
    baseUrl: options.baseUrl,
  });
  return {
    scopes: grant.scopes,
    audience: grant.audience,
    ttlSeconds: grant.accessTokenTtl,
    ...(grant.membershipVersion === undefined
      ? {}
      : { membershipVersion: grant.membershipVersion }),
  };
}

/**
 * Adds `organization_id` to the refresh_token and client_credentials grants: with it,
 * the response is an organization token (docs/design.md, "Organization token"), for the
 * organization, or with `resource` for that API in the organization (its audience the API,
 * its permissions those the organization roles hold for it); without it, the library's own
 * handler runs unchanged.
 */
export function registerOrganizationGrants(provider: Provider, options: OrganizationGrantOptions) {
  const helpers = boundHelpers(provider);
  const readRefreshGrant = createRefreshGrantReader(options.db);
  const refresh = bound(provider, helpers, refreshTokenGrant as unknown as GrantModule);
  const credentials = bound(provider, helpers, clientCredentialsGrant as unknown as GrantModule);

  provider.registerGrantType(
    "refresh_token",
    async (ctx: KoaContextWithOIDC) => {
      const organizationId = ctx.oidc.params?.organization_id;
      if (typeof organizationId !== "string" || !organizationId) return refresh(ctx);
      const value = ctx.oidc.params?.refresh_token;
      if (typeof value !== "string" || !value)
        throw new errors.InvalidRequest("missing required parameter 'refresh_token'");
      assertSafeParameter("organization_id", organizationId);
      // No stored token holds such text: the library's own answer for an unknown token.
      if (!isSafeLookup(value)) throw new errors.InvalidGrant("refresh token not found");
      const clientId = ctx.oidc.client?.clientId;
      const dPoP = await helpers.validateDpop(ctx);

      const row = await readRefreshGrant({ refreshToken: value, organizationId });
      // The provider's own models validate what was read (format, expiry, binding): each
      // row is preloaded right before the find that consumes it, and released after.
      const stored = (
        payload: StoredModel["payload"] | null | undefined,
        expiresAt: number | null,
        consumedAt: number | null,
      ) => (payload ? toPayload({ payload, expiresAt, consumedAt }) : undefined);
      const releaseToken = options.adapter.preload(
        "RefreshToken",
        value,
        stored(
          row?.refresh_token,
          row?.refresh_expires_at ?? null,
          row?.refresh_consumed_at ?? null,
        ),
      );
      // try/finally rather than .finally(): the same release, two promises fewer.
      let refreshToken;
      try {
        refreshToken = await provider.RefreshToken.find(value, { ignoreExpiration: true });
      } finally {
        releaseToken();
      }
      if (!refreshToken) throw new errors.InvalidGrant("refresh token not found");
      if (refreshToken.clientId !== clientId) throw new errors.InvalidGrant("client mismatch");
      if (refreshToken.isExpired) throw new errors.InvalidGrant("refresh token is expired");
      helpers.checkDpopRequired(ctx, dPoP);
      const grantId = refreshToken.grantId ?? "";
      const releaseGrant = options.adapter.preload(
        "Grant",
        grantId,
        stored(row?.grant_payload, row?.grant_expires_at ?? null, row?.grant_consumed_at ?? null),
      );
      let grant;
      try {
        grant = await helpers.validateGrant(ctx, grantId);
      } finally {
        releaseGrant();
      }
      if (dPoP) await helpers.checkDpopReplay(ctx, dPoP, clientId ?? "", errors.InvalidGrant);
      if (refreshToken.jkt && (!dPoP || refreshToken.jkt !== dPoP.thumbprint))
        throw new errors.InvalidGrant("failed jkt verification");
      if (grant.accountId !== refreshToken.accountId)
        throw new errors.InvalidGrant("account mismatch");
      if (refreshToken.consumed) {
        // Reuse of a rotated refresh token: treat it as stolen, as the library does.
        await Promise.all([refreshToken.destroy(), revoke(ctx, grantId)]);
        throw new errors.InvalidGrant("refresh token already used");
      }
      const granted = new Set((refreshToken.scope ?? "").split(" "));
      if (!granted.has(ORGANIZATIONS_SCOPE)) {
        throw new OrganizationInsufficientScope(
          `The refresh token was not granted the ${ORGANIZATIONS_SCOPE} scope.`,
        );
      }
      const resource = requestedResource(ctx);
      // RFC 8707: a refresh token serves only the APIs its authorization asked for.
      if (resource !== undefined && !refreshToken.resourceIndicators.has(resource))
        throw new errors.InvalidTarget("The refresh token was not granted this resource.");
      const subject = { type: "user", userId: refreshToken.accountId } as const;
      await respondWithOrganizationToken(ctx, options, subject, organizationId, () =>
        resource === undefined
          ? decideUserOrganizationTokenGrant(row, requestedScopes(ctx))
          : resourceDecision(options, {
              organizationId,
              subject,
              indicator: resource,
              requestedScopes: requestedScopes(ctx),
              // What the user granted the application for this API when signing in.
              consentedScopes: new Set(grant.getResourceScope(resource).split(" ")),
            }),
      );
    },
    [...refreshTokenGrant.parameters, "organization_id", "resource"],
    ["resource"],
  );

  provider.registerGrantType(
    "client_credentials",
    async (ctx: KoaContextWithOIDC) => {
      const organizationId = ctx.oidc.params?.organization_id;
      if (typeof organizationId !== "string" || !organizationId) return credentials(ctx);
      assertSafeParameter("organization_id", organizationId);
      const applicationId = ctx.oidc.client?.clientId ?? "";
      const resource = requestedResource(ctx);
      const subject = { type: "application", applicationId } as const;
      await respondWithOrganizationToken(ctx, options, subject, organizationId, () =>
        resource === undefined
          ? resolveOrganizationTokenGrant(options.db, {
              organizationId,
              subject,
              requestedScopes: requestedScopes(ctx),
            })
          : resourceDecision(options, {
              organizationId,
              subject,
              indicator: resource,
              requestedScopes: requestedScopes(ctx),
            }),
      );
    },
    [...clientCredentialsGrant.parameters, "organization_id", "resource"],
    ["resource"],
  );
}
