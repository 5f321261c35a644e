/**
 * `@guildhall/org-token`: issue and verify Guildhall organization tokens.
 *
 * Customer apps usually need only `./verify` plus `./express` or `./fetch`; the Guildhall server
 * uses `./issue`. This entry re-exports everything (the package has no side effects, so bundlers
 * drop what you do not use).
 *
 * @example
 * ```ts
 * import { createOrganizationTokenVerifier, OrganizationTokenError } from "@guildhall/org-token";
 * ```
 *
 * @module
 */
export * from "./claims.ts";
export * from "./errors.ts";
export * from "./challenge.ts";
export * from "./verify.ts";
export * from "./issue.ts";
export {
  createRemoteKeySet,
  createStaticKeySet,
  parseJwks,
  parseVerificationKey,
  type JwksFetch,
  type KeySet,
  type RemoteKeySetOptions,
  type VerificationKey,
} from "./jwks.ts";
export * from "./express.ts";
export * from "./fetch.ts";
export * from "./freshness.ts";
