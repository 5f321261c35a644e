/**
 * Errors thrown by the verifier. Narrow on `error.code` with a `switch`.
 *
 * @module
 */

/**
 * Why a token was rejected.
 *
 * | code | meaning | HTTP |
 * |---|---|---|
 * | `malformed` | not a compact JWS, bad header, unsupported `alg` (`none`, `HS256`...), wrong `typ`, or a required claim missing / of the wrong type | 401 |
 * | `unknown_key` | the `kid` is not in the issuer's JWKS, even after a refetch | 401 |
 * | `bad_signature` | the signature does not verify, or `alg` does not match the key | 401 |
 * | `wrong_issuer` | `iss` is not the configured issuer | 401 |
 * | `wrong_audience` | `aud` is not `urn:guildhall:organization:<organization_id>`, or not the verifier's `audience` when one is configured | 401 |
 * | `expired` | `exp` is in the past (beyond the clock tolerance) | 401 |
 * | `not_yet_valid` | `iat` (or `nbf`) is in the future (beyond the clock tolerance) | 401 |
 * | `wrong_organization` | valid token, but for another organization than the one asked for | 403 |
 * | `insufficient_scope` | valid token, but a required permission is missing | 403 |
 * | `token_stale` | (with `freshness`) the holder's roles in this organization changed after the token was issued; refresh it | 401 |
 * | `freshness_unavailable` | (with `freshness`) the monitor has not heard from Guildhall's event stream for longer than its `maxDelayMs`, so a role change could go unseen; nothing is wrong with the token, retry shortly | 503 |
 *
 * @example
 * ```ts
 * import type { OrganizationTokenErrorCode } from "@guildhall/org-token";
 * function isClientProblem(code: OrganizationTokenErrorCode): boolean {
 *   switch (code) {
 *     case "wrong_organization":
 *     case "insufficient_scope":
 *       return false;
 *     case "expired":
 *     case "not_yet_valid":
 *     case "bad_signature":
 *     case "unknown_key":
 *     case "wrong_issuer":
 *     case "wrong_audience":
 *     case "malformed":
 *       return true;
 *   }
 * }
 * ```
 */
export type OrganizationTokenErrorCode =
  | "expired"
  | "not_yet_valid"
  | "bad_signature"
  | "unknown_key"
  | "wrong_issuer"
  | "wrong_audience"
  | "wrong_organization"
  | "insufficient_scope"
  | "token_stale"
  | "freshness_unavailable"
  | "malformed";

/**
 * Every error code, for exhaustive tests and documentation tables.
 *
 * @example
 * ```ts
 * import { ORGANIZATION_TOKEN_ERROR_CODES } from "@guildhall/org-token";
 * ORGANIZATION_TOKEN_ERROR_CODES.length; // 11
 * ```
 */
export const ORGANIZATION_TOKEN_ERROR_CODES: readonly OrganizationTokenErrorCode[] = [
  "expired",
  "not_yet_valid",
  "bad_signature",
  "unknown_key",
  "wrong_issuer",
  "wrong_audience",
  "wrong_organization",
  "insufficient_scope",
  "token_stale",
  "freshness_unavailable",
  "malformed",
];

/**
 * The HTTP status a resource server should answer for a rejected token: 403 when the token is
 * valid but does not grant access (`wrong_organization`, `insufficient_scope`), 503 when its
 * freshness cannot be confirmed right now (`freshness_unavailable`: retry later, do not
 * refresh), 401 otherwise.
 *
 * @example
 * ```ts
 * import { statusForErrorCode } from "@guildhall/org-token";
 * statusForErrorCode("expired"); // 401
 * statusForErrorCode("insufficient_scope"); // 403
 * ```
 */
export function statusForErrorCode(code: OrganizationTokenErrorCode): 401 | 403 | 503 {
  switch (code) {
    case "wrong_organization":
    case "insufficient_scope":
      return 403;
    case "freshness_unavailable":
      return 503;
    case "token_stale":
    case "expired":
    case "not_yet_valid":
    case "bad_signature":
    case "unknown_key":
    case "wrong_issuer":
    case "wrong_audience":
    case "malformed":
      return 401;
  }
}

/**
 * A short, fixed, header-safe sentence per code. Used for `error_description` so that nothing
 * from the token or the configuration is echoed back to the caller.
 *
 * @example
 * ```ts
 * import { describeErrorCode } from "@guildhall/org-token";
 * describeErrorCode("expired"); // "The access token expired"
 * ```
 */
export function describeErrorCode(code: OrganizationTokenErrorCode): string {
  switch (code) {
    case "expired":
      return "The access token expired";
    case "not_yet_valid":
      return "The access token is not valid yet";
    case "bad_signature":
      return "The access token signature is invalid";
    case "unknown_key":
      return "The access token was signed with an unknown key";
    case "wrong_issuer":
      return "The access token was issued by another issuer";
    case "wrong_audience":
      return "The access token is not an organization token";
    case "wrong_organization":
      return "The access token was issued for another organization";
    case "insufficient_scope":
      return "The access token lacks a required permission";
    case "token_stale":
      return "The holder's roles in this organization changed after the token was issued; refresh it";
    case "freshness_unavailable":
      return "The token's freshness cannot be confirmed right now; retry shortly";
    case "malformed":
      return "The access token is malformed";
  }
}

/**
 * Options of {@link OrganizationTokenError}.
 *
 * @example
 * ```ts
 * import { OrganizationTokenError, type OrganizationTokenErrorOptions } from "@guildhall/org-token";
 * const options: OrganizationTokenErrorOptions = { missingScopes: ["remove:member"] };
 * new OrganizationTokenError("insufficient_scope", "missing remove:member", options);
 * ```
 */
export interface OrganizationTokenErrorOptions {
  /** For `insufficient_scope`: the required permissions the token does not hold. */
  missingScopes?: readonly string[];
  cause?: unknown;
}

/**
 * Thrown by `verify()` when a token is rejected. `message` is meant for logs (it may name the
 * offending value); use `code` to decide what to do and {@link describeErrorCode} for responses.
 *
 * @example
 * ```ts
 * import { OrganizationTokenError } from "@guildhall/org-token";
 * try {
 *   await verifier.verify(token, { organizationId: "org_a" });
 * } catch (error) {
 *   if (!(error instanceof OrganizationTokenError)) throw error; // e.g. JWKS unreachable
 *   switch (error.code) {
 *     case "expired":
 *       return refreshAndRetry();
 *     case "insufficient_scope":
 *       return forbidden(error.missingScopes);
 *     default:
 *       return unauthorized();
 *   }
 * }
 * ```
 */
export class OrganizationTokenError extends Error {
  override readonly name = "OrganizationTokenError";
  /** Why the token was rejected. */
  readonly code: OrganizationTokenErrorCode;
  /** For `insufficient_scope`: required permissions the token lacks; otherwise empty. */
  readonly missingScopes: readonly string[];

  constructor(
    code: OrganizationTokenErrorCode,
    message: string,
    options: OrganizationTokenErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.missingScopes = options.missingScopes ?? [];
  }

  /** 401, 403 or 503, see {@link statusForErrorCode}. */
  get status(): 401 | 403 | 503 {
    return statusForErrorCode(this.code);
  }
}

/**
 * `instanceof` that also works when two copies of this package end up in one bundle.
 *
 * @example
 * ```ts
 * import { isOrganizationTokenError } from "@guildhall/org-token";
 * if (isOrganizationTokenError(error) && error.code === "expired") {
 *   // ask the client to refresh its token
 * }
 * ```
 */
export function isOrganizationTokenError(value: unknown): value is OrganizationTokenError {
  if (value instanceof OrganizationTokenError) return true;
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as { name?: unknown; code?: unknown };
  return (
    candidate.name === "OrganizationTokenError" &&
    typeof candidate.code === "string" &&
    (ORGANIZATION_TOKEN_ERROR_CODES as readonly string[]).includes(candidate.code)
  );
}

/**
 * Thrown by `verify()` when the issuer's JWKS cannot be fetched or parsed and no usable key is
 * cached. This is a server-side availability problem, not a bad token: answer 5xx (the Express
 * middleware passes it to `next(error)`; the fetch helper rethrows it).
 *
 * @example
 * ```ts
 * import { JwksFetchError, OrganizationTokenError } from "@guildhall/org-token";
 * try {
 *   await verifier.verify(token);
 * } catch (error) {
 *   if (error instanceof JwksFetchError) return new Response(null, { status: 503 });
 *   if (error instanceof OrganizationTokenError) return new Response(null, { status: error.status });
 *   throw error;
 * }
 * ```
 */
export class JwksFetchError extends Error {
  override readonly name = "JwksFetchError";
  /** The JWKS URL that failed. */
  readonly jwksUri: string;

  constructor(jwksUri: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.jwksUri = jwksUri;
  }
}
