import type { Db } from "@guildhall/db";
import { managementApiIndicator } from "../applications/management-api-access.ts";
import { DomainError } from "../errors.ts";

/**
 * When the provider asks about an API: while a user signs in (`authorization`), or when a
 * token is issued (`token`) to an application (client_credentials) or for a user (any
 * other grant; no user when the grant carries none).
 */
export type ResourceAccessRequest =
  | { stage: "authorization"; clientId: string }
  | { stage: "token"; subject: { type: "application"; applicationId: string } }
  | { stage: "token"; subject: { type: "user"; userId: string | undefined } };

export interface ResourceAccess {
  /** The scopes (API permissions) the token may carry. */
  scopes: string[];
  /** The API's access-token lifetime, in seconds. */
  accessTokenTtl: number;
}

/**
 * What an access token for an API (an RFC 8707 resource indicator) may carry, and whether
 * the client may ask for that API at all:
 * - the Management API only for a machine-to-machine application's own token
 *   (client_credentials), and only while it holds the Management API role through a global
 *   role: no user token reaches it through the provider, not even a console admin's;
 * - while a user signs in, everything the API offers, so the grant records what the app
 *   asked for;
 * - when a token is issued, what the subject's global roles hold at that moment (the
 *   application's, or the user's), so a role change shows in the next token.
 * @throws api_resource.not_found (unknown indicator), auth.forbidden (the Management API)
 */
export async function resolveResourceAccess(
  db: Db,
  {
    indicator,
    baseUrl,
    request,
  }: { indicator: string; baseUrl: string; request: ResourceAccessRequest },
): Promise<ResourceAccess> {
  const resource = await db.apiResource.findUnique({
    where: { indicator },
    select: { accessTokenTtl: true, scopes: { select: { name: true } } },
  });
  if (!resource)
    throw new DomainError("api_resource.not_found", `Unknown resource ${indicator}.`, {
      indicator,
    });
  const access = (scopes: string[]) => ({ scopes, accessTokenTtl: resource.accessTokenTtl });
  const application =
    request.stage === "token" && request.subject.type === "application"
      ? request.subject.applicationId
      : undefined;

  if (indicator === managementApiIndicator(baseUrl)) {
    const scopes =
      application === undefined ? [] : await applicationResourceScopes(db, application, indicator);
    if (scopes.length === 0) {
      throw new DomainError(
        "auth.forbidden",
        "This application is not allowed to call the Management API.",
        {
          clientId: request.stage === "authorization" ? request.clientId : application,
        },
      );
    }
    return access(scopes);
  }
  if (request.stage === "authorization") return access(resource.scopes.map((s) => s.name));
  if (application !== undefined)
    return access(await applicationResourceScopes(db, application, indicator));
  const userId = request.subject.type === "user" ? request.subject.userId : undefined;
  return access(userId ? await userResourceScopes(db, userId, indicator) : []);
}

/** The scopes of one API an application holds through its global roles. One query. */
async function applicationResourceScopes(
  db: Db,
  applicationId: string,
  indicator: string,
): Promise<string[]> {
  const rows = await db.apiScope.findMany({
    where: {
      resource: { indicator },
      roles: { some: { role: { applications: { some: { applicationId } } } } },
    },
    select: { name: true },
  });
  return rows.map((r) => r.name);
}

/** The scopes of one API a user holds through their global roles. One query. */
async function userResourceScopes(db: Db, userId: string, indicator: string): Promise<string[]> {
  const rows = await db.apiScope.findMany({
    where: { resource: { indicator }, roles: { some: { role: { users: { some: { userId } } } } } },
    select: { name: true },
  });
  return rows.map((r) => r.name);
}
