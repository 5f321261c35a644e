/**
 * `(req, res, next)` middleware for Express, Connect, and plain `node:http` servers.
 *
 * Types are structural, so neither Express nor its types are needed.
 *
 * @module
 */
import { type OrganizationTokenClaims } from "./claims.ts";
import { bearerChallenge, readBearerToken, type BearerChallenge } from "./challenge.ts";
import { isOrganizationTokenError } from "./errors.ts";
import { type OrganizationTokenVerifier } from "./verify.ts";

/**
 * The request shape the middleware needs (an Express `Request` or a `node:http`
 * `IncomingMessage` fits). After a successful check it carries `organizationToken`.
 *
 * @example
 * ```ts
 * import type { OrganizationTokenRequest } from "@guildhall/org-token/express";
 * app.get("/me", requireOrganizationToken(verifier), (req, res) => {
 *   const claims = (req as OrganizationTokenRequest).organizationToken;
 *   res.json({ user: claims?.sub });
 * });
 * ```
 */
export interface OrganizationTokenRequest {
  headers: { authorization?: string | string[] | undefined };
  /** Set by the middleware once the token is verified. */
  organizationToken?: OrganizationTokenClaims;
}

/**
 * The response shape the middleware needs (Express `Response` or `node:http` `ServerResponse`).
 *
 * @example
 * ```ts
 * import type { NodeLikeResponse } from "@guildhall/org-token/express";
 * const fake: NodeLikeResponse = { statusCode: 200, setHeader: () => undefined, end: () => undefined };
 * ```
 */
export interface NodeLikeResponse {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body?: string): unknown;
}

/**
 * Express's `next`: call with nothing to continue, with an error to fail the request.
 *
 * @example
 * ```ts
 * import type { NextFunction } from "@guildhall/org-token/express";
 * const next: NextFunction = (error) => { if (error) console.error(error); };
 * ```
 */
export type NextFunction = (error?: unknown) => void;

/**
 * Options of {@link requireOrganizationToken}.
 *
 * @example
 * ```ts
 * import type { OrganizationTokenMiddlewareOptions } from "@guildhall/org-token/express";
 * const options: OrganizationTokenMiddlewareOptions<{ params: { orgId: string } } & OrganizationTokenRequest> = {
 *   organizationId: (req) => req.params.orgId,
 *   requiredScopes: ["read:member"],
 * };
 * ```
 */
export interface OrganizationTokenMiddlewareOptions<
  Req extends OrganizationTokenRequest = OrganizationTokenRequest,
> {
  /**
   * The organization the route is about: fixed, or read from the request (e.g. `req.params.orgId`).
   * A function returning `undefined` means "no organization check" for that request.
   */
  organizationId?: string | ((req: Req) => string | undefined);
  /** Permissions the token must all hold. */
  requiredScopes?: readonly string[];
  /** `realm` of the `WWW-Authenticate` challenge. */
  realm?: string;
}

/**
 * Writes a {@link BearerChallenge} to a Node-style response.
 *
 * @example
 * ```ts
 * import { bearerChallenge } from "@guildhall/org-token";
 * import { sendChallenge } from "@guildhall/org-token/express";
 * sendChallenge(res, bearerChallenge(undefined)); // 401, WWW-Authenticate: Bearer
 * ```
 */
export function sendChallenge(res: NodeLikeResponse, challenge: BearerChallenge): void {
  res.statusCode = challenge.status;
  res.setHeader("WWW-Authenticate", challenge.headers["WWW-Authenticate"]);
  res.setHeader("Content-Type", challenge.headers["Content-Type"]);
  const retryAfter = challenge.headers["Retry-After"];
  if (retryAfter !== undefined) res.setHeader("Retry-After", retryAfter);
  res.setHeader("Cache-Control", "no-store");
  res.end(JSON.stringify(challenge.body));
}

/**
 * Middleware that requires a valid organization token in `Authorization: Bearer <token>`.
 *
 * - missing token: 401, `WWW-Authenticate: Bearer`;
 * - invalid token (expired, bad signature, unknown key, ...): 401, `error="invalid_token"`;
 * - `insufficient_scope` / `wrong_organization`: 403, `error="insufficient_scope"`;
 * - JWKS unreachable (or any other failure): `next(error)`, so your error handler answers 5xx;
 * - success: `req.organizationToken = claims`, then `next()`.
 *
 * @example
 * ```ts
 * import express from "express";
 * import { createOrganizationTokenVerifier } from "@guildhall/org-token/verify";
 * import { requireOrganizationToken, type OrganizationTokenRequest } from "@guildhall/org-token/express";
 *
 * const verifier = createOrganizationTokenVerifier({
 *   issuer: "https://auth.example.com/oidc",
 *   jwksUri: "https://auth.example.com/oidc/jwks",
 * });
 * const app = express();
 * type MemberRequest = express.Request<{ orgId: string; userId: string }>;
 * app.delete(
 *   "/orgs/:orgId/members/:userId",
 *   requireOrganizationToken<MemberRequest>(verifier, {
 *     organizationId: (req) => req.params.orgId,
 *     requiredScopes: ["remove:member"],
 *   }),
 *   (req, res) => {
 *     const claims = (req as OrganizationTokenRequest).organizationToken;
 *     res.json({ removedBy: claims?.sub });
 *   },
 * );
 * ```
 */
export function requireOrganizationToken<
  Req extends OrganizationTokenRequest = OrganizationTokenRequest,
>(
  verifier: OrganizationTokenVerifier,
  options: OrganizationTokenMiddlewareOptions<Req> = {},
): (req: Req, res: NodeLikeResponse, next: NextFunction) => void {
  const { requiredScopes, realm } = options;
  const challengeOptions = {
    ...(realm === undefined ? {} : { realm }),
    ...(requiredScopes === undefined ? {} : { requiredScopes }),
  };

  async function handle(req: Req, res: NodeLikeResponse, next: NextFunction): Promise<void> {
    let claims: OrganizationTokenClaims;
    try {
      const token = readBearerToken(req.headers.authorization);
      if (token === undefined) {
        sendChallenge(res, bearerChallenge(undefined, challengeOptions));
        return;
      }
      const organizationId =
        typeof options.organizationId === "function"
          ? options.organizationId(req)
          : options.organizationId;
      claims = await verifier.verify(token, {
        ...(organizationId === undefined ? {} : { organizationId }),
        ...(requiredScopes === undefined ? {} : { requiredScopes }),
      });
    } catch (error) {
      if (isOrganizationTokenError(error))
        sendChallenge(res, bearerChallenge(error, challengeOptions));
      else next(error);
      return;
    }
    req.organizationToken = claims;
    next();
  }

  return (req, res, next) => {
    void handle(req, res, next);
  };
}

/**
 * Reads the claims the middleware attached, throwing if it did not run (a wiring mistake).
 *
 * @example
 * ```ts
 * import { organizationTokenOf } from "@guildhall/org-token/express";
 * app.get("/orgs/:orgId/me", requireOrganizationToken(verifier), (req, res) => {
 *   res.json({ scopes: organizationTokenOf(req).scopes });
 * });
 * ```
 */
export function organizationTokenOf(req: object): OrganizationTokenClaims {
  const claims = (req as OrganizationTokenRequest).organizationToken;
  if (claims === undefined)
    throw new Error(
      "No organization token on this request: is requireOrganizationToken() before this handler?",
    );
  return claims;
}
