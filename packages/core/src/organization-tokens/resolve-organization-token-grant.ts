import type { Db } from "@guildhall/db";
import { sqlPool } from "@guildhall/db/client";
import { DomainError } from "../errors.ts";

export type TokenSubject = { type: "user"; userId: string } | { type: "application"; applicationId: string };

export interface OrganizationTokenGrant {
  /** Granted permission names: the requested ones, or all held when none were requested. */
  scopes: string[];
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
  { organizationId, subject, requestedScopes }: { organizationId: string; subject: TokenSubject; requestedScopes?: string[] },
): Promise<OrganizationTokenGrant> {
  if (subject.type === "application") return narrow(await appPermissions(db, organizationId, subject.applicationId), requestedScopes);
  const { rows } = await sqlPool(db).query<UserGrantFacts>({
    name: "guildhall_user_token_grant",
    text: `SELECT g.* FROM (${userGrantFactsSql("$1", "$2")}) g`,
    values: [organizationId, subject.userId],
  });
  return decideUserOrganizationTokenGrant(rows[0], requestedScopes);
}

/** What the rules need to know about a user in an organization; see {@link userGrantFactsSql}. */
export interface UserGrantFacts {
  suspended: boolean;
  mfa_required: boolean;
  has_mfa: boolean;
  permissions: string[];
}

/**
 * SQL selecting {@link UserGrantFacts} for one membership: no row when the user is not a
 * member (or there is no such organization). The two arguments are SQL expressions for the
 * organization id and the user id, so a caller can fold it into a larger statement (the
 * token endpoint reads the refresh token and these facts in one round trip).
 */
export function userGrantFactsSql(organizationIdExpr: string, userIdExpr: string): string {
  return `
  SELECT u."suspendedAt" IS NOT NULL AS suspended,
         o."isMfaRequired" AS mfa_required,
         u."mfaEnabledAt" IS NOT NULL AS has_mfa,
         coalesce(array_agg(DISTINCT p.name) FILTER (WHERE p.name IS NOT NULL), '{}') AS permissions
  FROM organization_members m
  JOIN organizations o ON o.id = m."organizationId"
  JOIN users u ON u.id = m."userId"
  LEFT JOIN organization_member_roles mr ON mr."organizationId" = m."organizationId" AND mr."userId" = m."userId"
  LEFT JOIN organization_role_permissions rp ON rp."roleId" = mr."roleId"
  LEFT JOIN organization_permissions p ON p.id = rp."permissionId"
  WHERE m."organizationId" = ${organizationIdExpr} AND m."userId" = ${userIdExpr}
  GROUP BY u.id, o.id`;
}

/** Applies the organization-token rules to the facts read with {@link userGrantFactsSql}. */
export function decideUserOrganizationTokenGrant(facts: UserGrantFacts | undefined, requestedScopes?: string[]): OrganizationTokenGrant {
  if (!facts) throw denied("The user is not a member of this organization.");
  if (facts.suspended) throw denied("The user is suspended.");
  if (facts.mfa_required && !facts.has_mfa) throw denied("This organization requires multi-factor authentication.");
  return narrow([...facts.permissions].sort(), requestedScopes);
}

function narrow(held: string[], requestedScopes: string[] | undefined): OrganizationTokenGrant {
  if (!requestedScopes || requestedScopes.length === 0) return { scopes: held };
  const heldSet = new Set(held);
  const requested = [...new Set(requestedScopes)];
  const missing = requested.filter((s) => !heldSet.has(s));
  if (missing.length) {
    throw new DomainError("organization_token.access_denied", `Not granted in this organization: ${missing.join(", ")}.`, { missing });
  }
  return { scopes: requested };
}

function denied(message: string) {
  return new DomainError("organization_token.access_denied", message);
}

async function appPermissions(db: Db, organizationId: string, applicationId: string): Promise<string[]> {
  // Hot path for machine-to-machine organization tokens: one prepared statement.
  const { rows } = await sqlPool(db).query<{ member: boolean; permissions: string[] }>({
    name: "guildhall_app_token_grant",
    text: `
      SELECT EXISTS (SELECT 1 FROM organization_applications WHERE "organizationId" = $1 AND "applicationId" = $2) AS member,
             coalesce((SELECT array_agg(DISTINCT p.name ORDER BY p.name)
                       FROM organization_application_roles ar
                       JOIN organization_role_permissions rp ON rp."roleId" = ar."roleId"
                       JOIN organization_permissions p ON p.id = rp."permissionId"
                       WHERE ar."organizationId" = $1 AND ar."applicationId" = $2), '{}') AS permissions`,
    values: [organizationId, applicationId],
  });
  if (!rows[0]?.member) throw denied("The application is not a member of this organization.");
  return rows[0].permissions;
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
    organizationRoles: rows.flatMap((r) => r.roles.map((x) => `${r.organizationId}:${x.role.name}`)),
  };
}
