import type { OrganizationTokenClaims } from "@guildhall/org-token";
import { bearerChallenge, readBearerToken } from "@guildhall/org-token";
import { isOrganizationTokenError, JwksFetchError } from "@guildhall/org-token/errors";
import { organizationTokenOf, sendChallenge } from "@guildhall/org-token/express";
import type { OrganizationTokenVerifier } from "@guildhall/org-token/verify";
import express, {
  type ErrorRequestHandler,
  type NextFunction,
  type Request,
  type Response,
  type Router,
} from "express";
import type { MemberDirectory } from "./management-api.ts";

export const REMOVE_MEMBER_PERMISSION = "remove:member";

export interface RemoveMemberInput {
  organizationId: string;
  userId: string;
}

/** What `GET /api/organizations/{organizationId}/me` answers: the caller's permissions there. */
export interface MyAccessResult {
  userId: string;
  organizationId: string;
  permissions: string[];
}

/** The 401 body's `error` for a token issued before the holder's roles changed. */
export const TOKEN_STALE_ERROR = "token_stale";

export interface RemoveMemberResult {
  ok: true;
  /** The user whose organization token authorized the removal. */
  removedBy: string;
  organizationId: string;
  userId: string;
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "";
}

function readInput(body: unknown): Partial<RemoveMemberInput> {
  const { organizationId, userId } = (
    typeof body === "object" && body !== null ? body : {}
  ) as Record<string, unknown>;
  return {
    ...(nonEmptyString(organizationId) ? { organizationId } : {}),
    ...(nonEmptyString(userId) ? { userId } : {}),
  };
}

const REALM = "customer-app";

/**
 * `requireOrganizationToken` from `@guildhall/org-token/express`, except that a token issued
 * before the holder's roles changed gets 401 with `error: "token_stale"` in the body (not the
 * generic `invalid_token`), so the client knows to get a new token and retry. Not knowing
 * whether a token is fresh (Guildhall's event stream unheard for too long) is the package's
 * 503 `temporarily_unavailable`.
 */
function requireToken(
  verifier: OrganizationTokenVerifier,
  check: { organizationId: (req: Request) => string | undefined; requiredScopes?: string[] },
) {
  const challengeOptions = {
    realm: REALM,
    ...(check.requiredScopes ? { requiredScopes: check.requiredScopes } : {}),
  };
  async function handle(req: Request, res: Response, next: NextFunction) {
    const token = readBearerToken(req.headers.authorization);
    if (token === undefined) {
      sendChallenge(res, bearerChallenge(undefined, challengeOptions));
      return;
    }
    const organizationId = check.organizationId(req);
    let claims: OrganizationTokenClaims;
    try {
      claims = await verifier.verify(token, {
        ...(organizationId === undefined ? {} : { organizationId }),
        ...(check.requiredScopes ? { requiredScopes: check.requiredScopes } : {}),
      });
    } catch (error) {
      if (!isOrganizationTokenError(error)) {
        next(error);
        return;
      }
      if (error.code === TOKEN_STALE_ERROR) {
        // The package's challenge says `invalid_token`, as RFC 6750 allows no other code there;
        // the body names the reason, so the client knows a new token will do.
        const challenge = bearerChallenge(error, challengeOptions);
        res
          .status(401)
          .set({
            "WWW-Authenticate": challenge.headers["WWW-Authenticate"],
            "Cache-Control": "no-store",
          })
          .json({ error: TOKEN_STALE_ERROR, error_description: challenge.body.error_description });
      } else {
        // freshness_unavailable is a 503 with Retry-After here: the token may well be fine.
        sendChallenge(res, bearerChallenge(error, challengeOptions));
      }
      return;
    }
    (req as Request & { organizationToken?: OrganizationTokenClaims }).organizationToken = claims;
    next();
  }
  return (req: Request, res: Response, next: NextFunction) => {
    void handle(req, res, next);
  };
}

/**
 * The app's own API: `POST /members/remove` with `{ organizationId, userId }` and
 * `Authorization: Bearer <organization token>`. The token is verified here, offline, with
 * `@guildhall/org-token`: it must be for `organizationId` and grant `remove:member`.
 * Missing or invalid token: 401; valid but another organization or without the permission: 403;
 * both with a `WWW-Authenticate` challenge. Then the membership is removed in Guildhall
 * through its Management API (`directory`, as a machine-to-machine application): 200 once
 * removed, 404 when the user is not a member, 502 when Guildhall refused, 503 when the app
 * has no Management API client configured (nothing is removed then, and nothing claims so).
 */
export function createMembersApi(
  verifier: OrganizationTokenVerifier,
  directory: MemberDirectory | undefined,
): Router {
  const router = express.Router();
  router.use(express.json({ limit: "16kb" }));

  router.get(
    "/organizations/:organizationId/me",
    requireToken(verifier, {
      organizationId: (req) => {
        const { organizationId } = req.params;
        return typeof organizationId === "string" ? organizationId : undefined;
      },
    }),
    (req, res) => {
      const claims = organizationTokenOf(req);
      const result: MyAccessResult = {
        userId: claims.sub,
        organizationId: claims.organization_id,
        permissions: claims.scopes,
      };
      res.json(result);
    },
  );

  router.post(
    "/members/remove",
    requireToken(verifier, {
      // The token must be for the organization the request acts on. A body without one gets
      // no organization check here, and a 400 below.
      organizationId: (req) => readInput(req.body).organizationId,
      requiredScopes: [REMOVE_MEMBER_PERMISSION],
    }),
    async (req, res) => {
      const { organizationId, userId } = readInput(req.body);
      if (organizationId === undefined || userId === undefined) {
        res.status(400).json({
          error: "invalid_request",
          error_description: "organizationId and userId are required",
        });
        return;
      }
      const claims = organizationTokenOf(req);
      if (!directory) {
        res.status(503).json({
          error: "not_configured",
          error_description:
            "This app has no Management API client: set MANAGEMENT_CLIENT_ID and MANAGEMENT_CLIENT_SECRET to remove members in Guildhall",
        });
        return;
      }
      // The user's token said they may; the app's own machine-to-machine credentials do it.
      let outcome: Awaited<ReturnType<MemberDirectory["removeMember"]>>;
      try {
        outcome = await directory.removeMember(organizationId, userId);
      } catch (error) {
        res.status(502).json({
          error: "upstream_error",
          error_description: `Guildhall's Management API could not be reached: ${error instanceof Error ? error.message : String(error)}`,
        });
        return;
      }
      if (outcome.kind === "not_found") {
        res.status(404).json({ error: "not_found", error_description: outcome.message });
        return;
      }
      if (outcome.kind === "failed") {
        res.status(502).json({
          error: "upstream_error",
          error_description: `Guildhall answered ${outcome.status}: ${outcome.message}`,
        });
        return;
      }
      const result: RemoveMemberResult = {
        ok: true,
        removedBy: claims.sub,
        organizationId,
        userId,
      };
      res.json(result);
    },
  );

  router.use((_req, res) => {
    res.status(404).json({ error: "not_found", error_description: "No such API route" });
  });

  const onError: ErrorRequestHandler = (error: unknown, _req, res, next) => {
    if (res.headersSent) return next(error);
    if (error instanceof JwksFetchError) {
      // Guildhall's keys are unreachable: the token may be fine, so no 401.
      res.status(503).set("Retry-After", "5").json({
        error: "temporarily_unavailable",
        error_description: "Cannot verify tokens right now",
      });
      return;
    }
    const status = (error as { status?: unknown }).status;
    if (typeof status === "number" && status >= 400 && status < 500) {
      res.status(status).json({
        error: "invalid_request",
        error_description: "The request body is not valid JSON",
      });
      return;
    }
    next(error);
  };
  router.use(onError);
  return router;
}
