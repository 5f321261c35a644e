/**
 * Framework-neutral HTTP pieces of the middleware helpers: reading `Authorization: Bearer` and
 * building RFC 6750 error responses. Use them to integrate a framework not covered by
 * `./express` or `./fetch`.
 *
 * @module
 */
import { describeErrorCode, type OrganizationTokenError } from "./errors.ts";

/**
 * The response to send when a request is rejected.
 *
 * @example
 * ```ts
 * import { bearerChallenge, type BearerChallenge } from "@guildhall/org-token";
 * const challenge: BearerChallenge = bearerChallenge(undefined);
 * challenge.status; // 401
 * ```
 */
export interface BearerChallenge {
  status: 401 | 403 | 503;
  /** `WWW-Authenticate` and `Content-Type`; `Retry-After` (seconds) with a 503. */
  headers: {
    "WWW-Authenticate": string;
    "Content-Type": "application/json";
    "Retry-After"?: string;
  };
  /** JSON body, OAuth style. */
  body: {
    error: "invalid_token" | "insufficient_scope" | "unauthorized" | "temporarily_unavailable";
    error_description: string;
  };
}

/**
 * Options of {@link bearerChallenge}.
 *
 * @example
 * ```ts
 * import type { BearerChallengeOptions } from "@guildhall/org-token";
 * const options: BearerChallengeOptions = { realm: "billing-api", requiredScopes: ["read:invoice"] };
 * ```
 */
export interface BearerChallengeOptions {
  /** `realm` attribute of the challenge. Omitted by default. */
  realm?: string;
  /** Listed in the `scope` attribute of an `insufficient_scope` challenge. */
  requiredScopes?: readonly string[];
}

/**
 * Extracts the token from an `Authorization` header value. Returns `undefined` when there is no
 * header or it uses another scheme, and `""` when it says `Bearer` without a usable token (more
 * than one header, extra spaces or parts), which callers should treat as an invalid token.
 *
 * @example
 * ```ts
 * import { readBearerToken } from "@guildhall/org-token";
 * readBearerToken("Bearer eyJhbGciOi..."); // "eyJhbGciOi..."
 * readBearerToken("Basic dXNlcjpwYXNz"); // undefined
 * readBearerToken(undefined); // undefined
 * ```
 */
export function readBearerToken(
  authorization: string | readonly string[] | null | undefined,
): string | undefined {
  if (authorization === null || authorization === undefined) return undefined;
  if (typeof authorization !== "string") {
    if (authorization.length === 0) return undefined;
    if (authorization.length > 1)
      return authorization.some((value) => /^bearer(\s|$)/i.test(value.trim())) ? "" : undefined;
    return readBearerToken(authorization[0]);
  }
  const value = authorization.trim();
  if (value.length < 6 || value.slice(0, 6).toLowerCase() !== "bearer") return undefined;
  if (value.length === 6) return "";
  const separator = value.charCodeAt(6);
  if (separator !== 0x20 && separator !== 0x09) return undefined; // "Bearerabc": another scheme
  const token = value.slice(7).trimStart();
  return B64TOKEN.test(token) ? token : "";
}

/** RFC 6750 b64token. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/** Keeps only characters allowed in a quoted-string attribute of RFC 6750 (no `"` or `\`). */
function quoted(value: string): string {
  return `"${value.replace(/[^\x20-\x21\x23-\x5B\x5D-\x7E]/g, "")}"`;
}

/**
 * Builds the 401/403 response for a rejected request, per RFC 6750 section 3:
 *
 * - no token: 401, `WWW-Authenticate: Bearer` (no error attribute, as the RFC asks);
 * - a rejected token: 401, `Bearer error="invalid_token", error_description="..."`;
 * - `insufficient_scope` or `wrong_organization`: 403,
 *   `Bearer error="insufficient_scope", error_description="...", scope="..."`;
 * - `freshness_unavailable`: 503 with `Retry-After: 1` and a plain `Bearer` challenge (the
 *   token is not at fault; body `error: "temporarily_unavailable"`).
 *
 * The description is a fixed sentence per error code; nothing from the token is echoed.
 *
 * @example
 * ```ts
 * import { bearerChallenge, OrganizationTokenError } from "@guildhall/org-token";
 * const challenge = bearerChallenge(new OrganizationTokenError("expired", "expired at ..."));
 * challenge.headers["WWW-Authenticate"];
 * // 'Bearer error="invalid_token", error_description="The access token expired"'
 * ```
 */
export function bearerChallenge(
  error: OrganizationTokenError | undefined,
  options: BearerChallengeOptions = {},
): BearerChallenge {
  const attributes: string[] = [];
  if (options.realm !== undefined) attributes.push(`realm=${quoted(options.realm)}`);
  let status: 401 | 403 | 503 = 401;
  let body: BearerChallenge["body"];
  if (error === undefined) {
    body = { error: "unauthorized", error_description: "An organization access token is required" };
  } else if (error.status === 503) {
    const header = attributes.length === 0 ? "Bearer" : `Bearer ${attributes.join(", ")}`;
    return {
      status: 503,
      headers: {
        "WWW-Authenticate": header,
        "Content-Type": "application/json",
        "Retry-After": "1",
      },
      body: { error: "temporarily_unavailable", error_description: describeErrorCode(error.code) },
    };
  } else {
    const description = describeErrorCode(error.code);
    status = error.status;
    const code = status === 403 ? "insufficient_scope" : "invalid_token";
    attributes.push(`error=${quoted(code)}`, `error_description=${quoted(description)}`);
    const scopes =
      error.code === "insufficient_scope" ? (options.requiredScopes ?? error.missingScopes) : [];
    if (scopes.length > 0) attributes.push(`scope=${quoted(scopes.join(" "))}`);
    body = { error: code, error_description: description };
  }
  const header = attributes.length === 0 ? "Bearer" : `Bearer ${attributes.join(", ")}`;
  return {
    status,
    headers: { "WWW-Authenticate": header, "Content-Type": "application/json" },
    body,
  };
}
