/**
 * Helpers for fetch-style handlers (`Request` in, `Response` out): Next.js route handlers,
 * Hono, Bun, Deno, Cloudflare Workers. Runtime-neutral, like `./verify`.
 *
 * @module
 */
import { type OrganizationTokenClaims } from "./claims.ts";
import { bearerChallenge, readBearerToken, type BearerChallenge } from "./challenge.ts";
import { isOrganizationTokenError, type OrganizationTokenError } from "./errors.ts";
import { type OrganizationTokenVerifier } from "./verify.ts";

/**
 * Options of {@link authenticateRequest}.
 *
 * @example
 * ```ts
 * import type { AuthenticateRequestOptions } from "@guildhall/org-token/fetch";
 * const options: AuthenticateRequestOptions = { organizationId: "org_a", requiredScopes: ["read:member"] };
 * ```
 */
export interface AuthenticateRequestOptions {
  /** The organization the route is about; another one answers 403. */
  organizationId?: string;
  /** Permissions the token must all hold; otherwise 403. */
  requiredScopes?: readonly string[];
  /** `realm` of the `WWW-Authenticate` challenge. */
  realm?: string;
}

/**
 * Result of {@link authenticateRequest}: the claims, or a ready 401/403 `Response`.
 *
 * @example
 * ```ts
 * import { authenticateRequest, type AuthenticationResult } from "@guildhall/org-token/fetch";
 * const result: AuthenticationResult = await authenticateRequest(verifier, request);
 * if (!result.ok) return result.response;
 * result.claims.sub;
 * ```
 */
export type AuthenticationResult =
  | { ok: true; claims: OrganizationTokenClaims }
  | { ok: false; response: Response; error: OrganizationTokenError | undefined };

/**
 * Turns a {@link BearerChallenge} into a `Response`.
 *
 * @example
 * ```ts
 * import { bearerChallenge } from "@guildhall/org-token";
 * import { challengeResponse } from "@guildhall/org-token/fetch";
 * return challengeResponse(bearerChallenge(undefined)); // 401, WWW-Authenticate: Bearer
 * ```
 */
export function challengeResponse(challenge: BearerChallenge): Response {
  return new Response(JSON.stringify(challenge.body), {
    status: challenge.status,
    headers: { ...challenge.headers, "Cache-Control": "no-store" },
  });
}

/**
 * Verifies the `Authorization: Bearer` token of a `Request`. Never throws for a bad or missing
 * token (you get `{ ok: false, response }` with the right 401/403 and `WWW-Authenticate`); it does
 * rethrow `JwksFetchError` and other unexpected failures, so your framework answers 5xx.
 *
 * @example
 * ```ts
 * // app/api/orgs/[orgId]/members/route.ts
 * import { authenticateRequest } from "@guildhall/org-token/fetch";
 * import { verifier } from "@/lib/verifier";
 *
 * export async function GET(request: Request, { params }: { params: Promise<{ orgId: string }> }) {
 *   const { orgId } = await params;
 *   const auth = await authenticateRequest(verifier, request, { organizationId: orgId, requiredScopes: ["read:member"] });
 *   if (!auth.ok) return auth.response;
 *   return Response.json({ viewer: auth.claims.sub });
 * }
 * ```
 */
export async function authenticateRequest(
  verifier: OrganizationTokenVerifier,
  request: Request,
  options: AuthenticateRequestOptions = {},
): Promise<AuthenticationResult> {
  const { organizationId, requiredScopes, realm } = options;
  const challengeOptions = {
    ...(realm === undefined ? {} : { realm }),
    ...(requiredScopes === undefined ? {} : { requiredScopes }),
  };
  const token = readBearerToken(request.headers.get("authorization"));
  if (token === undefined) {
    return {
      ok: false,
      error: undefined,
      response: challengeResponse(bearerChallenge(undefined, challengeOptions)),
    };
  }
  try {
    const claims = await verifier.verify(token, {
      ...(organizationId === undefined ? {} : { organizationId }),
      ...(requiredScopes === undefined ? {} : { requiredScopes }),
    });
    return { ok: true, claims };
  } catch (error) {
    if (!isOrganizationTokenError(error)) throw error;
    return {
      ok: false,
      error,
      response: challengeResponse(bearerChallenge(error, challengeOptions)),
    };
  }
}

/**
 * Options of {@link withOrganizationToken}.
 *
 * @example
 * ```ts
 * import type { WithOrganizationTokenOptions } from "@guildhall/org-token/fetch";
 * type Ctx = { params: Promise<{ orgId: string }> };
 * const options: WithOrganizationTokenOptions<Ctx> = {
 *   organizationId: async (_request, { params }) => (await params).orgId,
 *   requiredScopes: ["read:member"],
 * };
 * ```
 */
export interface WithOrganizationTokenOptions<Context> {
  /** Fixed, or read from the request / route context (e.g. Next's `params`); `undefined` skips the check. */
  organizationId?:
    | string
    | ((request: Request, context: Context) => string | undefined | Promise<string | undefined>);
  requiredScopes?: readonly string[];
  realm?: string;
}

/**
 * Wraps a route handler so it only runs with a verified token; the claims are its second argument.
 *
 * @example
 * ```ts
 * // app/api/orgs/[orgId]/members/[userId]/route.ts
 * import { withOrganizationToken } from "@guildhall/org-token/fetch";
 * import { verifier } from "@/lib/verifier";
 *
 * type Ctx = { params: Promise<{ orgId: string; userId: string }> };
 *
 * export const DELETE = withOrganizationToken<Ctx>(
 *   verifier,
 *   { organizationId: async (_request, { params }) => (await params).orgId, requiredScopes: ["remove:member"] },
 *   async (_request, claims, { params }) => {
 *     const { userId } = await params;
 *     return Response.json({ removed: userId, by: claims.sub });
 *   },
 * );
 * ```
 */
export function withOrganizationToken<Context = unknown>(
  verifier: OrganizationTokenVerifier,
  options: WithOrganizationTokenOptions<Context>,
  handler: (
    request: Request,
    claims: OrganizationTokenClaims,
    context: Context,
  ) => Response | Promise<Response>,
): (request: Request, context: Context) => Promise<Response> {
  return async (request, context) => {
    const organizationId =
      typeof options.organizationId === "function"
        ? await options.organizationId(request, context)
        : options.organizationId;
    const auth = await authenticateRequest(verifier, request, {
      ...(organizationId === undefined ? {} : { organizationId }),
      ...(options.requiredScopes === undefined ? {} : { requiredScopes: options.requiredScopes }),
      ...(options.realm === undefined ? {} : { realm: options.realm }),
    });
    if (!auth.ok) return auth.response;
    return handler(request, auth.claims, context);
  };
}
