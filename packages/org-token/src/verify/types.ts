/**
 * The verifier's public types, re-exported by `@guildhall/org-token/verify`.
 *
 * @module
 */
import type { JWK } from "jose";
import type { OrganizationTokenAlgorithm, OrganizationTokenClaims } from "../claims.ts";
import type { JwksFetch } from "../jwks.ts";

/**
 * Which signature implementation a verifier uses. `"auto"` (default) picks `"node"` when
 * `node:crypto` is available and `"jose"` otherwise.
 *
 * @example
 * ```ts
 * import { createLocalVerifier, type VerifierEngine } from "@guildhall/org-token/verify";
 * const engine: VerifierEngine = "jose"; // force the Web Crypto path, e.g. to compare
 * const verifier = createLocalVerifier({ issuer, keys: [publicJwk], engine });
 * ```
 */
export type VerifierEngine = "auto" | "node" | "jose";

/**
 * Options shared by {@link createOrganizationTokenVerifier} and {@link createLocalVerifier}.
 *
 * @example
 * ```ts
 * import type { BaseVerifierOptions } from "@guildhall/org-token/verify";
 * const base: BaseVerifierOptions = { issuer: "https://auth.example.com/oidc", clockTolerance: 5 };
 * ```
 */
export interface BaseVerifierOptions {
  /** Expected `iss`, compared exactly. */
  issuer: string;
  /** Seconds of clock skew accepted on `exp`, `iat` and `nbf`. Default 5. */
  clockTolerance?: number;
  /** Clock, in milliseconds since the epoch (tests freeze it). Default `Date.now`. */
  now?: () => number;
  /** Accepted algorithms (a subset of the supported ones). Default: all supported. */
  algorithms?: readonly OrganizationTokenAlgorithm[];
  /** Signature implementation. Default `"auto"`. */
  engine?: VerifierEngine;
  /**
   * Your API's resource indicator (RFC 8707), e.g. `"https://api.example.com"`. Set it when
   * your API receives organization tokens asked for it (`resource` and `organization_id` on
   * the token request): such a token's `aud` is the indicator, its `organization_id` the
   * organization and its `scope` your API's permissions. With it, `aud` must equal this value
   * exactly (tokens for the organization itself, or for another API, are `wrong_audience`);
   * without it, `aud` must be `urn:guildhall:organization:<organization_id>`.
   */
  audience?: string;
  /**
   * How many recently verified tokens to keep parsed, since a client presents the same token with
   * every request. An entry is used only for the identical token string and only after this call
   * has verified its signature again; the clock, organization and scope checks also run on every
   * call, and every call gets its own copy of the claims. Default 1000 (oldest evicted first);
   * 0 disables.
   */
  payloadCacheSize?: number;
  /**
   * Opt-in freshness: after every other check, `freshness.check(claims)` may reject a token
   * whose holder's roles changed after it was issued (`token_stale`) or whose freshness cannot
   * be confirmed right now (`freshness_unavailable`). Pass the monitor from
   * `createMembershipFreshness` (`@guildhall/org-token/freshness`). Without it, verification is
   * purely offline, as before: a token stays valid until it expires.
   */
  freshness?: TokenFreshnessCheck;
}

/**
 * What the verifier's `freshness` option needs: a synchronous check that throws an
 * `OrganizationTokenError` (`token_stale`, `freshness_unavailable`) or returns.
 *
 * @example
 * ```ts
 * import { createMembershipFreshness } from "@guildhall/org-token/freshness";
 * import type { TokenFreshnessCheck } from "@guildhall/org-token/verify";
 * const freshness: TokenFreshnessCheck = createMembershipFreshness({ streamUrl, getAccessToken });
 * ```
 */
export interface TokenFreshnessCheck {
  check(claims: OrganizationTokenClaims): void;
}

/**
 * Options of {@link createOrganizationTokenVerifier}.
 *
 * @example
 * ```ts
 * import type { OrganizationTokenVerifierOptions } from "@guildhall/org-token/verify";
 * const options: OrganizationTokenVerifierOptions = {
 *   issuer: "https://auth.example.com/oidc",
 *   jwksUri: "https://auth.example.com/oidc/jwks",
 *   cooldownMs: 30_000,
 * };
 * ```
 */
export interface OrganizationTokenVerifierOptions extends BaseVerifierOptions {
  /** The issuer's JWKS URL. */
  jwksUri: string | URL;
  /** `fetch` used for the JWKS. Default: the global `fetch`. */
  fetch?: JwksFetch;
  /** Minimum milliseconds between two JWKS fetches caused by unknown `kid`s. Default 30 000. */
  cooldownMs?: number;
  /** Milliseconds after which the cached JWKS is refreshed on next use. Default 600 000 (10 min). */
  cacheMaxAgeMs?: number;
  /** Milliseconds before a JWKS request is aborted. Default 5 000. */
  timeoutMs?: number;
}

/**
 * Options of {@link createLocalVerifier}.
 *
 * @example
 * ```ts
 * import type { LocalVerifierOptions } from "@guildhall/org-token/verify";
 * const options: LocalVerifierOptions = { issuer: "https://auth.example.com/oidc", keys: [publicJwk] };
 * ```
 */
export interface LocalVerifierOptions extends BaseVerifierOptions {
  /** Public JWKs (each with a `kid`), or a whole JWKS document. */
  keys: readonly JWK[] | { readonly keys: readonly JWK[] };
}

/**
 * Per-call checks of {@link OrganizationTokenVerifier.verify}.
 *
 * @example
 * ```ts
 * import type { VerifyOrganizationTokenOptions } from "@guildhall/org-token/verify";
 * const checks: VerifyOrganizationTokenOptions = { organizationId: "org_a", requiredScopes: ["remove:member"] };
 * ```
 */
export interface VerifyOrganizationTokenOptions {
  /** The organization the request is about; another one gives `wrong_organization`. */
  organizationId?: string;
  /** Permissions that must all be in `scope`; otherwise `insufficient_scope`. */
  requiredScopes?: readonly string[];
}

/**
 * A configured verifier. Create one per process and reuse it: it holds the key cache.
 *
 * @example
 * ```ts
 * import { createOrganizationTokenVerifier } from "@guildhall/org-token/verify";
 * const verifier = createOrganizationTokenVerifier({
 *   issuer: "https://auth.example.com/oidc",
 *   jwksUri: "https://auth.example.com/oidc/jwks",
 * });
 * const claims = await verifier.verify(token, { organizationId: "org_a", requiredScopes: ["read:member"] });
 * claims.sub; // user id (or client id for M2M)
 * ```
 */
export interface OrganizationTokenVerifier {
  /**
   * Verifies `token` and returns its claims, or throws {@link OrganizationTokenError} (a rejected
   * token) or `JwksFetchError` (keys unavailable).
   */
  verify(token: string, options?: VerifyOrganizationTokenOptions): Promise<OrganizationTokenClaims>;
  /** The configured issuer. */
  readonly issuer: string;
  /** The signature engine in use: `"node"` (node:crypto fast path) or `"jose"` (Web Crypto). */
  readonly engine: "node" | "jose";
}
