/**
 * The claims check, in two halves: what depends only on the payload and the configured issuer
 * (done once per payload, so it can be cached), and what depends on the clock and the caller's
 * requirements (done on every call).
 *
 * @module
 */
import {
  ORGANIZATION_AUDIENCE_PREFIX,
  parseScope,
  type OrganizationTokenClaims,
} from "../claims.ts";
import { OrganizationTokenError } from "../errors.ts";
import { malformed } from "./decode.ts";
import type { VerifyOrganizationTokenOptions } from "./types.ts";

/** A payload whose form, issuer and audience are checked; what remains depends on the call. */
export interface CheckedPayload {
  /** The token it came from. */
  readonly token: string;
  /** The payload with `scopes` added. */
  readonly claims: OrganizationTokenClaims;
  readonly organizationId: string;
  readonly iat: number;
  readonly exp: number;
  readonly nbf: number | undefined;
}

function isText(value: unknown): value is string {
  return typeof value === "string" && value !== "";
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

function missingClaim(name: string, type: "string" | "number"): OrganizationTokenError {
  return malformed(
    `The token claim "${name}" is missing or not a ${type === "string" ? "non-empty string" : "number"}`,
  );
}

/**
 * Checks that depend only on the payload (and the configured issuer and audience): done once
 * per payload. `audience` is the API's resource indicator, or undefined for tokens whose
 * audience is the organization.
 */
export function checkPayload(
  payload: Record<string, unknown>,
  issuer: string,
  audience: string | undefined,
  token: string,
): CheckedPayload {
  const {
    iss,
    sub,
    aud,
    organization_id: organizationId,
    scope,
    client_id: clientId,
    jti,
    iat,
    exp,
    nbf,
  } = payload;
  if (!isText(iss)) throw missingClaim("iss", "string");
  if (!isText(sub)) throw missingClaim("sub", "string");
  if (!isText(organizationId)) throw missingClaim("organization_id", "string");
  if (typeof scope !== "string") throw missingClaim("scope", "string");
  if (!isText(clientId)) throw missingClaim("client_id", "string");
  if (!isText(jti)) throw missingClaim("jti", "string");
  if (!isFiniteNumber(iat)) throw missingClaim("iat", "number");
  if (!isFiniteNumber(exp)) throw missingClaim("exp", "number");
  if (nbf !== undefined && !isFiniteNumber(nbf))
    throw malformed('The token claim "nbf" is not a number');
  const membershipVersion = payload.mv;
  if (
    membershipVersion !== undefined &&
    (typeof membershipVersion !== "string" || !/^\d{1,20}$/.test(membershipVersion))
  ) {
    throw malformed('The token claim "mv" is not a string of decimal digits');
  }
  if (aud === undefined) throw malformed('The token has no "aud" claim');

  if (iss !== issuer) {
    throw new OrganizationTokenError(
      "wrong_issuer",
      `The token issuer ${JSON.stringify(iss)} is not ${JSON.stringify(issuer)}`,
    );
  }
  if (audience === undefined) {
    if (aud !== ORGANIZATION_AUDIENCE_PREFIX + organizationId) {
      throw new OrganizationTokenError(
        "wrong_audience",
        `The token audience ${JSON.stringify(aud)} is not "${ORGANIZATION_AUDIENCE_PREFIX}<organization_id>"`,
      );
    }
  } else if (aud !== audience) {
    throw new OrganizationTokenError(
      "wrong_audience",
      `The token audience ${JSON.stringify(aud)} is not ${JSON.stringify(audience)}`,
    );
  }
  const claims = payload as OrganizationTokenClaims;
  claims.scopes = parseScope(scope);
  return { token, claims, organizationId, iat, exp, nbf };
}

/** Checks that depend on the clock and on the caller's requirements: done on every call. */
export function checkContext(
  checked: CheckedPayload,
  toleranceSeconds: number,
  nowMs: number,
  options: VerifyOrganizationTokenOptions | undefined,
): void {
  const { exp, iat, nbf, organizationId } = checked;
  const { scopes } = checked.claims;
  const nowSeconds = nowMs / 1000;
  if (exp <= nowSeconds - toleranceSeconds) {
    throw new OrganizationTokenError(
      "expired",
      `The token expired at ${new Date(exp * 1000).toISOString()}`,
    );
  }
  if (iat > nowSeconds + toleranceSeconds) {
    throw new OrganizationTokenError(
      "not_yet_valid",
      `The token was issued in the future (${new Date(iat * 1000).toISOString()})`,
    );
  }
  if (nbf !== undefined && nbf > nowSeconds + toleranceSeconds) {
    throw new OrganizationTokenError(
      "not_yet_valid",
      `The token is not valid before ${new Date(nbf * 1000).toISOString()}`,
    );
  }
  if (options === undefined) return;
  if (options.organizationId !== undefined && organizationId !== options.organizationId) {
    throw new OrganizationTokenError(
      "wrong_organization",
      `The token is for organization ${JSON.stringify(organizationId)}, not ${JSON.stringify(options.organizationId)}`,
    );
  }
  const required = options.requiredScopes;
  if (required !== undefined && required.length > 0) {
    const missing = required.filter((name) => !scopes.includes(name));
    if (missing.length > 0) {
      throw new OrganizationTokenError(
        "insufficient_scope",
        `The token lacks the permission(s): ${missing.join(" ")}`,
        {
          missingScopes: missing,
        },
      );
    }
  }
}
