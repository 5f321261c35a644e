/**
 * Types and small pure helpers describing a Guildhall organization token.
 *
 * An organization token is an RFC 9068 JWT access token (`typ: "at+jwt"`) for exactly one
 * organization (`organization_id`). Its audience is the organization,
 * `aud = "urn:guildhall:organization:<organization_id>"`, or, for a token asked for one API
 * in the organization, that API's resource indicator (`aud = "https://api.example.com"`).
 *
 * @module
 */

/**
 * Signature algorithms an organization token may use. `ES256` is what Guildhall issues by
 * default; the others are accepted so a deployment can choose its own key type.
 *
 * @example
 * ```ts
 * import type { OrganizationTokenAlgorithm } from "@guildhall/org-token";
 * const alg: OrganizationTokenAlgorithm = "ES256";
 * ```
 */
export type OrganizationTokenAlgorithm = "ES256" | "ES384" | "EdDSA" | "RS256" | "PS256";

/**
 * Every supported algorithm, in preference order.
 *
 * @example
 * ```ts
 * import { ORGANIZATION_TOKEN_ALGORITHMS } from "@guildhall/org-token";
 * ORGANIZATION_TOKEN_ALGORITHMS.includes("ES256"); // true
 * ```
 */
export const ORGANIZATION_TOKEN_ALGORITHMS: readonly OrganizationTokenAlgorithm[] = [
  "ES256",
  "ES384",
  "EdDSA",
  "RS256",
  "PS256",
];

/**
 * The JOSE `typ` header of an organization token (RFC 9068, section 2.1).
 *
 * @example
 * ```ts
 * import { ORGANIZATION_TOKEN_TYPE } from "@guildhall/org-token";
 * ORGANIZATION_TOKEN_TYPE; // "at+jwt"
 * ```
 */
export const ORGANIZATION_TOKEN_TYPE = "at+jwt";

/**
 * Prefix of the `aud` claim; the organization id follows it.
 *
 * @example
 * ```ts
 * import { ORGANIZATION_AUDIENCE_PREFIX } from "@guildhall/org-token";
 * `${ORGANIZATION_AUDIENCE_PREFIX}org_123`; // "urn:guildhall:organization:org_123"
 * ```
 */
export const ORGANIZATION_AUDIENCE_PREFIX = "urn:guildhall:organization:";

/**
 * The `aud` value of a token for one organization.
 *
 * @example
 * ```ts
 * import { organizationAudience } from "@guildhall/org-token";
 * organizationAudience("org_123"); // "urn:guildhall:organization:org_123"
 * ```
 */
export function organizationAudience(organizationId: string): string {
  return ORGANIZATION_AUDIENCE_PREFIX + organizationId;
}

/**
 * Splits a space-separated `scope` claim into permission names (empty string -> `[]`).
 *
 * @example
 * ```ts
 * import { parseScope } from "@guildhall/org-token";
 * parseScope("read:member remove:member"); // ["read:member", "remove:member"]
 * parseScope(""); // []
 * ```
 */
export function parseScope(scope: string): string[] {
  if (scope === "") return [];
  const parts = scope.split(" ");
  return parts.includes("") ? parts.filter((part) => part !== "") : parts;
}

/**
 * The JOSE protected header of an organization token.
 *
 * @example
 * ```ts
 * import type { OrganizationTokenHeader } from "@guildhall/org-token";
 * const header: OrganizationTokenHeader = { alg: "ES256", kid: "k1", typ: "at+jwt" };
 * ```
 */
export interface OrganizationTokenHeader {
  alg: OrganizationTokenAlgorithm;
  /** Key id: the RFC 7638 thumbprint of the signing key, listed in the issuer's JWKS. */
  kid: string;
  typ: typeof ORGANIZATION_TOKEN_TYPE;
}

/**
 * The JWT claims set exactly as signed by Guildhall.
 *
 * @example
 * ```ts
 * import type { OrganizationTokenPayload } from "@guildhall/org-token";
 * const payload: OrganizationTokenPayload = {
 *   iss: "https://auth.example.com/oidc",
 *   sub: "user_alice",
 *   aud: "urn:guildhall:organization:org_a",
 *   organization_id: "org_a",
 *   scope: "read:member remove:member",
 *   client_id: "app_console",
 *   iat: 1767225600,
 *   exp: 1767229200,
 *   jti: "4f3c0f5e-1d1e-4a5e-9c63-0b8f5e3a2d11",
 * };
 * ```
 */
export interface OrganizationTokenPayload {
  /** Issuer URL of the Guildhall instance. */
  iss: string;
  /** User id, or the client id for machine-to-machine tokens. */
  sub: string;
  /**
   * `urn:guildhall:organization:<organization_id>`, or the API's resource indicator for a
   * token asked for one API in the organization.
   */
  aud: string;
  /** The organization the token is for. */
  organization_id: string;
  /**
   * Granted permission names, space-separated; may be the empty string. Organization
   * permissions, or the API's permissions for a token whose audience is an API.
   */
  scope: string;
  /** The OAuth client the token was issued to. */
  client_id: string;
  /** Issued at, seconds since the epoch. */
  iat: number;
  /** Expires at, seconds since the epoch. */
  exp: number;
  /** Unique token id. */
  jti: string;
  /**
   * The membership version: the holder's roles version in the organization when the token was
   * issued (decimal digits of a 64-bit integer, compare with `BigInt`). Guildhall bumps it
   * whenever those roles change; a freshness monitor (`createMembershipFreshness`) refuses
   * tokens issued before the last change.
   */
  mv?: string;
  /** Any further claim the issuer added (`extraClaims`). */
  [claim: string]: unknown;
}

/**
 * Verified claims: the payload plus `scopes`, the `scope` claim already split.
 *
 * @example
 * ```ts
 * import type { OrganizationTokenClaims } from "@guildhall/org-token";
 * function canRemoveMembers(claims: OrganizationTokenClaims): boolean {
 *   return claims.scopes.includes("remove:member");
 * }
 * ```
 */
export interface OrganizationTokenClaims extends OrganizationTokenPayload {
  /** `scope` split on spaces. */
  scopes: string[];
}
