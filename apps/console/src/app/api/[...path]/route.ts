// The REST Management API (/api/*, everything but /api/trpc and /api/auth, which have their
// own routes). A thin adapter: the handler lives in @guildhall/api/rest.
import {
  createBearerAuthenticator,
  createManagementApi,
  createMemberAuthenticators,
  RestError,
  restErrors,
  type ManagementApi,
  type PublicJwk,
} from "@guildhall/api/rest";
import {
  createManagementApiAccessCheck,
  createRateLimiter,
  getPublishedSigningKeys,
  managementApiIndicator,
} from "@guildhall/core";
import { getDb } from "@guildhall/db/client";
import { publicBaseUrl, readEnv } from "@/env";
import { kickOutbox } from "@/features/invitations/outbox-worker";
import { findAccessToken } from "@/features/organization-api/access-token-lookup";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** How long published signing keys are reused before they are read again. */
const KEYS_TTL_MS = 60_000;

let keysCache: { keys: PublicJwk[]; at: number } | undefined;

/**
 * The OIDC provider's published public keys, cached for a minute (the same array is
 * returned while cached, so the verifier keeps its imported keys). 503 `oidc.not_ready`
 * until the provider has generated its first key.
 */
async function loadPublishedKeys(): Promise<PublicJwk[]> {
  if (keysCache && Date.now() - keysCache.at < KEYS_TTL_MS) return keysCache.keys;
  const keys = (await getPublishedSigningKeys(getDb())) as PublicJwk[];
  if (keys.length === 0) {
    throw new RestError(
      restErrors.notReady,
      "The OIDC provider has no signing key yet: access tokens cannot be verified. Try again in a moment.",
      {
        headers: { "Retry-After": "5" },
      },
    );
  }
  keysCache = { keys, at: Date.now() };
  return keys;
}

let api: ManagementApi | undefined;

function managementApi(): ManagementApi {
  if (api) return api;
  const env = readEnv();
  const baseUrl = publicBaseUrl(env);
  const db = getDb();
  api = createManagementApi({
    db,
    baseUrl,
    authenticate: createBearerAuthenticator({
      issuer: `${baseUrl}/oidc`,
      audience: managementApiIndicator(baseUrl),
      getPublicKeys: loadPublishedKeys,
      // Revocation and deletion end tokens early: seen at once when made through this
      // process, within 5 s when made through another.
      isClientAllowed: createManagementApiAccessCheck(db),
    }),
    // The organization API (/api/my): organization tokens checked offline against the same
    // keys, users' access tokens through the OIDC provider (registered by server.ts).
    authenticateMember: createMemberAuthenticators({
      issuer: `${baseUrl}/oidc`,
      getPublicKeys: loadPublishedKeys,
      findAccessToken,
    }),
    rateLimit: createRateLimiter({
      db,
      redisUrl: env.REDIS_URL,
      // Requests per client per minute (MANAGEMENT_API_RATE_LIMIT, default 6000).
      limit: env.MANAGEMENT_API_RATE_LIMIT,
      windowMs: 60_000,
    }),
    onEmailQueued: kickOutbox,
    instanceSecret: env.GUILDHALL_SECRET,
    webhookAllowedHosts: env.WEBHOOK_ALLOWED_HOSTS,
    onError: (error, request) =>
      console.error(
        `Management API ${request.method} ${new URL(request.url).pathname} failed:`,
        error,
      ),
  });
  return api;
}

function handler(request: Request): Promise<Response> {
  return managementApi()(request);
}

// OPTIONS: the organization API's CORS preflights (the handler answers them for /api/my only).
export {
  handler as GET,
  handler as POST,
  handler as PUT,
  handler as PATCH,
  handler as DELETE,
  handler as OPTIONS,
};
