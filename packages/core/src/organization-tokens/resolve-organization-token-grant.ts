import type { Db } from "@guildhall/db";
import { preparedSql, sqlRunner } from "@guildhall/db/sql-runner";
import { sqlTable, type SqlTable } from "@guildhall/db/sql";
import { DomainError } from "../errors.ts";
import { effectivePermissionsSql } from "../permissions/effective-permissions.ts";

export type TokenSubject =
  { type: "user"; userId: string } | { type: "application"; applicationId: string };

export interface OrganizationTokenGrant {
  /** Granted permission names: the requested ones, or all held when none were requested. */
  scopes: string[];
  /**
   * The membership's roles version when the grant was decided (decimal text of a bigint):
   * tokens carry it as `mv`, and a verifier that follows the event stream refuses tokens
   * issued before the holder's roles last changed.
   */
  membershipVersion?: string;
}

/**
 * Decides what an organization token may carry, at request time, from the member's roles
 * in that organization (so a template or role change shows in the next token):
 * - not a member, or no such organization -> access_denied;
 * - a requested permission not held -> access_denied naming it;
 * - the organization requires MFA and the user has none -> access_denied;
 * - a suspended user -> access_denied.
 * One round trip, as a prepared statement (this runs for every organization token).
 */
export async function resolveOrganizationTokenGrant(
  db: Db,
  {
    organizationId,
    subject,
    requestedScopes,
  }: { organizationId: string; subject: TokenSubject; requestedScopes?: string[] },
): Promise<OrganizationTokenGrant> {
  if (subject.type === "application") {
    const held = await appPermissions(db, organizationId, subject.applicationId);
    return withVersion(narrowGrantedScopes(held.permissions, requestedScopes), held.version);
  }
  const rows = await sqlRunner(db).rows<UserGrantFacts>(USER_GRANT_SQL, [
    organizationId,
    subject.userId,
  ]);
  return decideUserOrganizationTokenGrant(rows[0], requestedScopes);
}

/**
 * What the membership rules need to know about a user in an organization; see
 * {@link userMembershipFactsSql}.
 */
export interface UserMembershipFacts {
  member: boolean;
  suspended: boolean;
  mfa_required: boolean;
  has_mfa: boolean;
  /** The membership's `rolesVersion` as text (null when not a member). */
  membership_version: string | null;
}

/** The membership facts and the organization permissions held; see {@link userGrantFactsSql}. */
export interface UserGrantFacts extends UserMembershipFacts {
  /** Permission names separated by spaces (names hold none): cheaper to read than an array. */
  permissions: string;
}

/**
 * SQL reading {@link UserMembershipFacts} for one (organization, user): `joins` to append to
 * a FROM clause (left joins, so the row survives when the user is not a member) and the
 * `columns` they provide. The arguments are SQL expressions for the organization id and the
 * user id, so a caller can fold this into a larger statement. The membership row is
 * aliased `gh_m` (its columns in `member`), for further columns correlated with it.
 */
export function userMembershipFactsSql(
  organizationIdExpr: string,
  userIdExpr: string,
): { joins: string; columns: string; member: SqlTable<"OrganizationMember">["col"] } {
  const m = sqlTable("OrganizationMember", "gh_m");
  const o = sqlTable("Organization", "gh_o");
  const u = sqlTable("User", "gh_u");
  return {
    joins: `
      LEFT JOIN ${m.ref} ON ${m.col.organizationId} = ${organizationIdExpr} AND ${m.col.userId} = ${userIdExpr}
      LEFT JOIN ${o.ref} ON ${o.col.id} = ${m.col.organizationId}
      LEFT JOIN ${u.ref} ON ${u.col.id} = ${m.col.userId}`,
    columns: `
      ${m.col.userId} IS NOT NULL AS member,
      ${u.col.suspendedAt} IS NOT NULL AS suspended,
      coalesce(${o.col.isMfaRequired}, false) AS mfa_required,
      ${u.col.mfaEnabledAt} IS NOT NULL AS has_mfa,
      ${m.col.rolesVersion}::text AS membership_version`,
    member: m.col,
  };
}

/**
 * SQL reading {@link UserGrantFacts}: {@link userMembershipFactsSql} plus the organization
 * permissions the member holds. The token endpoint folds it into the statement that reads
 * the refresh token, so an organization token costs one round trip.
 */
export function userGrantFactsSql(
  organizationIdExpr: string,
  userIdExpr: string,
): { joins: string; columns: string } {
  const facts = userMembershipFactsSql(organizationIdExpr, userIdExpr);
  const held = effectivePermissionsSql("user", {
    organizationId: facts.member.organizationId,
    holderId: facts.member.userId,
  });
  return {
    joins: facts.joins,
    columns: `${facts.columns},
      array_to_string(ARRAY(SELECT DISTINCT ${held.permission.name} ${held.from}), ' ') AS permissions`,
  };
}

const userFacts = userGrantFactsSql("$1", "$2");
const USER_GRANT_SQL = preparedSql(
  `SELECT ${userFacts.columns} FROM (SELECT 1) AS one ${userFacts.joins}`,
);

/** Applies the organization-token rules to the facts read with {@link userGrantFactsSql}. */
export function decideUserOrganizationTokenGrant(
  facts: UserGrantFacts | undefined,
  requestedScopes?: string[],
): OrganizationTokenGrant {
  assertUserMayUseOrganization(facts);
  return withVersion(
    narrowGrantedScopes(
      facts.permissions === "" ? [] : facts.permissions.split(" ").sort(),
      requestedScopes,
    ),
    facts.membership_version,
  );
}

/**
 * The membership rules of every organization token for a user: a member, not suspended,
 * with a second factor where the organization requires one.
 * @throws organization_token.access_denied
 */
export function assertUserMayUseOrganization(
  facts: UserMembershipFacts | undefined,
): asserts facts is UserMembershipFacts {
  if (!facts?.member)
    throw organizationTokenDenied("The user is not a member of this organization.");
  if (facts.suspended) throw organizationTokenDenied("The user is suspended.");
  if (facts.mfa_required && !facts.has_mfa)
    throw organizationTokenDenied("This organization requires multi-factor authentication.");
}

/**
 * The scopes a token carries: every held one when none is requested, else exactly the
 * requested ones, all of which must be held.
 * @throws organization_token.access_denied naming the ones not held
 */
export function narrowGrantedScopes(
  held: string[],
  requestedScopes: readonly string[] | undefined,
): OrganizationTokenGrant {
  if (!requestedScopes || requestedScopes.length === 0) return { scopes: held };
  const heldSet = new Set(held);
  const requested = [...new Set(requestedScopes)];
  const missing = requested.filter((s) => !heldSet.has(s));
  if (missing.length) {
    throw new DomainError(
      "organization_token.access_denied",
      `Not granted in this organization: ${missing.join(", ")}.`,
      { missing },
    );
  }
  return { scopes: requested };
}

/** A grant with the membership version it was decided at, when there is one. */
export function withVersion<T extends { scopes: string[] }>(
  grant: T,
  version: string | null | undefined,
): T & { membershipVersion?: string } {
  return version == null ? grant : { ...grant, membershipVersion: version };
}

/** An `organization_token.access_denied` error: the token endpoint answers 403 with it. */
export function organizationTokenDenied(message: string) {
  return new DomainError("organization_token.access_denied", message);
}

const oa = sqlTable("OrganizationApplication");
const appHeld = effectivePermissionsSql("application", { organizationId: "$1", holderId: "$2" });
const APP_GRANT_SQL = preparedSql(`
  SELECT (SELECT ${oa.col.rolesVersion}::text FROM ${oa.ref} WHERE ${oa.col.organizationId} = $1 AND ${oa.col.applicationId} = $2) AS membership_version,
         coalesce((SELECT array_agg(DISTINCT ${appHeld.permission.name} ORDER BY ${appHeld.permission.name})
                   ${appHeld.from}), '{}') AS permissions`);

async function appPermissions(
  db: Db,
  organizationId: string,
  applicationId: string,
): Promise<{ permissions: string[]; version: string }> {
  // Hot path for machine-to-machine organization tokens: one prepared statement. The
  // membership's version doubles as the membership check (null: not a member).
  const rows = await sqlRunner(db).rows<{
    membership_version: string | null;
    permissions: string[];
  }>(APP_GRANT_SQL, [organizationId, applicationId]);
  const row = rows[0];
  if (row?.membership_version == null)
    throw organizationTokenDenied("The application is not a member of this organization.");
  return { permissions: row.permissions, version: row.membership_version };
}

/** Organization ids and "<orgId>:<role>" pairs for the reserved ID-token claims. */
export async function getUserOrganizationClaims(db: Db, userId: string) {
  const rows = await db.organizationMember.findMany({
    where: { userId },
    select: { organizationId: true, roles: { select: { role: { select: { name: true } } } } },
    orderBy: { createdAt: "asc" },
  });
  return {
    organizations: rows.map((r) => r.organizationId),
    organizationRoles: rows.flatMap((r) =>
      r.roles.map((x) => `${r.organizationId}:${x.role.name}`),
    ),
  };
}
