/**
 * Verifying organization tokens. This entry point has no server dependencies: it runs in Node,
 * Bun, Deno and edge runtimes.
 *
 * On Node (detected at run time through `process.getBuiltinModule`, never a static import, so edge
 * bundlers see nothing to resolve) signatures are checked with `node:crypto` `KeyObject`s cached
 * per key and a hand-written compact-JWS path. Elsewhere jose (Web Crypto) checks them. Header
 * and claim validation is the same code on both paths: `runtime/` holds the two signature
 * runtimes behind one interface, `verify/` the steps the verifier is composed of.
 *
 * @module
 */
import { createRemoteKeySet, createStaticKeySet } from "./jwks.ts";
import type {
  LocalVerifierOptions,
  OrganizationTokenVerifier,
  OrganizationTokenVerifierOptions,
} from "./verify/types.ts";
import { createVerifier } from "./verify/verifier.ts";

export type {
  BaseVerifierOptions,
  LocalVerifierOptions,
  OrganizationTokenVerifier,
  OrganizationTokenVerifierOptions,
  TokenFreshnessCheck,
  VerifierEngine,
  VerifyOrganizationTokenOptions,
} from "./verify/types.ts";

/**
 * Creates a verifier for tokens from a Guildhall issuer, with keys from its JWKS URL.
 *
 * The JWKS is fetched on first use and cached; a token whose `kid` is not cached triggers one
 * refetch (at most one per `cooldownMs`, default 30 s), so key rotation needs no restart;
 * concurrent verifications share one in-flight request.
 *
 * @example
 * ```ts
 * import { createOrganizationTokenVerifier, OrganizationTokenError } from "@guildhall/org-token/verify";
 *
 * const verifier = createOrganizationTokenVerifier({
 *   issuer: "https://auth.example.com/oidc",
 *   jwksUri: "https://auth.example.com/oidc/jwks",
 * });
 *
 * try {
 *   const claims = await verifier.verify(token, { organizationId: "org_a", requiredScopes: ["remove:member"] });
 *   console.log(claims.sub, claims.scopes);
 * } catch (error) {
 *   if (error instanceof OrganizationTokenError) console.log(error.code); // "expired", "insufficient_scope", ...
 *   else throw error;
 * }
 * ```
 */
export function createOrganizationTokenVerifier(
  options: OrganizationTokenVerifierOptions,
): OrganizationTokenVerifier {
  const keySet = createRemoteKeySet({
    jwksUri: options.jwksUri,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.cooldownMs === undefined ? {} : { cooldownMs: options.cooldownMs }),
    ...(options.cacheMaxAgeMs === undefined ? {} : { cacheMaxAgeMs: options.cacheMaxAgeMs }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  return createVerifier(options, keySet);
}

/**
 * Creates a verifier over a fixed list of public keys: for the issuing server itself (it knows its
 * keys) and for tests. Throws `TypeError` at once if a key is unusable.
 *
 * @example
 * ```ts
 * import { generateSigningKey, issueOrganizationToken } from "@guildhall/org-token/issue";
 * import { createLocalVerifier } from "@guildhall/org-token/verify";
 *
 * const key = await generateSigningKey();
 * const verifier = createLocalVerifier({ issuer: "https://auth.example.com/oidc", keys: [key.publicJwk] });
 * const { token } = await issueOrganizationToken({
 *   privateKey: key.privateJwk, kid: key.kid, issuer: "https://auth.example.com/oidc",
 *   subject: "user_alice", organizationId: "org_a", scopes: ["read:member"], clientId: "app", ttlSeconds: 300,
 * });
 * (await verifier.verify(token)).organization_id; // "org_a"
 * ```
 */
export function createLocalVerifier(options: LocalVerifierOptions): OrganizationTokenVerifier {
  return createVerifier(options, createStaticKeySet(options.keys));
}
