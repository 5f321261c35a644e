import type { Db } from "@guildhall/db";
import { preparedSql, sqlRunner } from "@guildhall/db/sql-runner";
import { sqlTable } from "@guildhall/db/sql";
import { managementApiIndicator } from "../applications/management-api-access.ts";
import { DomainError } from "../errors.ts";
import { effectiveResourceScopesSql } from "../permissions/effective-permissions.ts";
import {
  assertUserMayUseOrganization,
  narrowGrantedScopes,
  organizationTokenDenied,
  userMembershipFactsSql,
  type TokenSubject,
  withVersion,
  type UserMembershipFacts,
} from "./resolve-organization-token-grant.ts";

/** What an organization token for an API carries, and for how long. */
export interface OrganizationResourceGrant {
  /** Granted API permission names: the requested ones, or all available when none were requested. */
  scopes: string[];
  /** The token's audience: the API's resource indicator. */
  audience: string;
  /** The API's access-token lifetime, in seconds. */
  accessTokenTtl: number;
  /** The membership's roles version (the token's `mv`); see `OrganizationTokenGrant`. */
  membershipVersion?: string;
}

interface ResourceFacts {
  /** The API's access-token lifetime; null when no API has the indicator. */
  ttl: number | null;
  /** API permission names separated by spaces (names hold none). */
  scopes: string;
}

const res = sqlTable("ApiResource", "gh_api");

/** The resource and the member's API permissions for it, correlated with the holder columns. */
function resourceColumns(holder: "user" | "application", organizationId: string, holderId: string) {
  const held = effectiveResourceScopesSql(holder, {
    organizationId,
    holderId,
    indicator: "$3",
  });
  return `
    (SELECT ${res.col.accessTokenTtl} FROM ${res.ref} WHERE ${res.col.indicator} = $3) AS ttl,
    array_to_string(ARRAY(SELECT DISTINCT ${held.scope.name} ${held.from}), ' ') AS scopes`;
}

// One prepared statement per kind of holder: membership facts, the API and the permissions.
const userFacts = userMembershipFactsSql("$1", "$2");
const USER_RESOURCE_SQL = preparedSql(`
  SELECT ${userFacts.columns}, ${resourceColumns("user", "$1", "$2")}
  FROM (SELECT 1) AS one ${userFacts.joins}`);
const oa = sqlTable("OrganizationApplication");
const APP_RESOURCE_SQL = preparedSql(`
  SELECT (SELECT ${oa.col.rolesVersion}::text FROM ${oa.ref} WHERE ${oa.col.organizationId} = $1 AND ${oa.col.applicationId} = $2) AS membership_version,
         ${resourceColumns("application", "$1", "$2")}`);

/**
 * Decides what an organization token for an API (`resource` and `organization_id` on the
 * token request) may carry: the API permissions that the subject's organization roles in
 * that organization hold for that API, read at request time. Global roles play no part:
 * the token speaks for the organization. Rules, in order:
 * - the organization-token membership rules (a member; for a user, not suspended and with a
 *   second factor where required) -> access_denied;
 * - an unknown indicator -> api_resource.not_found; the Management API -> auth.forbidden
 *   (it is reached only with a machine-to-machine application's own token);
 * - `consentedScopes` (what the user granted the application for this API at sign-in)
 *   bounds what is available; a requested permission outside it -> access_denied naming it.
 * One round trip, as a prepared statement.
 * @throws organization_token.access_denied, api_resource.not_found, auth.forbidden
 */
export async function resolveOrganizationResourceGrant(
  db: Db,
  {
    organizationId,
    subject,
    indicator,
    baseUrl,
    requestedScopes,
    consentedScopes,
  }: {
    organizationId: string;
    subject: TokenSubject;
    indicator: string;
    /** Public base URL: the Management API is `${baseUrl}/api`. */
    baseUrl: string;
    requestedScopes?: readonly string[];
    /** Permission names granted to the client for this API; all held ones when left out. */
    consentedScopes?: ReadonlySet<string>;
  },
): Promise<OrganizationResourceGrant> {
  const sql = sqlRunner(db);
  let facts: ResourceFacts | undefined;
  let version: string | null | undefined;
  if (subject.type === "user") {
    const rows = await sql.rows<UserMembershipFacts & ResourceFacts>(USER_RESOURCE_SQL, [
      organizationId,
      subject.userId,
      indicator,
    ]);
    assertUserMayUseOrganization(rows[0]);
    facts = rows[0];
    version = rows[0].membership_version;
  } else {
    const rows = await sql.rows<{ membership_version: string | null } & ResourceFacts>(
      APP_RESOURCE_SQL,
      [organizationId, subject.applicationId, indicator],
    );
    // The membership's version doubles as the membership check (null: not a member).
    if (rows[0]?.membership_version == null)
      throw organizationTokenDenied("The application is not a member of this organization.");
    facts = rows[0];
    version = rows[0].membership_version;
  }
  if (indicator === managementApiIndicator(baseUrl)) {
    throw new DomainError(
      "auth.forbidden",
      "The Management API is reached only with a machine-to-machine application's own token, not an organization token.",
      { indicator },
    );
  }
  if (facts.ttl === null) {
    throw new DomainError("api_resource.not_found", `Unknown resource ${indicator}.`, {
      indicator,
    });
  }
  const held = facts.scopes === "" ? [] : facts.scopes.split(" ").sort();
  const available = consentedScopes ? held.filter((name) => consentedScopes.has(name)) : held;
  const { scopes } = narrowGrantedScopes(available, requestedScopes);
  return withVersion({ scopes, audience: indicator, accessTokenTtl: facts.ttl }, version);
}
