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
 * One round trip for the membership check and one for the permissions.
 */
export async function resolveOrganizationTokenGrant(
  db: Db,
  { organizationId, subject, requestedScopes }: { organizationId: string; subject: TokenSubject; requestedScopes?: string[] },
): Promise<OrganizationTokenGrant> {
  const held = subject.type === "user" ? await userPermissions(db, organizationId, subject.userId) : await appPermissions(db, organizationId, subject.applicationId);
  if (!requestedScopes || requestedScopes.length === 0) return { scopes: held };
  const heldSet = new Set(held);
  const missing = [...new Set(requestedScopes)].filter((s) => !heldSet.has(s));
  if (missing.length) {
    throw new DomainError(
      "organization_token.access_denied",
      `Not granted in this organization: ${missing.join(", ")}.`,
      { missing },
    );
  }
  return { scopes: [...new Set(requestedScopes)] };
}

function denied(message: string) {
  return new DomainError("organization_token.access_denied", message);
}

// Hot path (every organization token): one round trip on the raw pool, no ORM.
const USER_GRANT_SQL = `
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
  WHERE m."organizationId" = $1 AND m."userId" = $2
  GROUP BY u.id, o.id`;

async function userPermissions(db: Db, organizationId: string, userId: string): Promise<string[]> {
  const { rows } = await sqlPool(db).query<{ suspended: boolean; mfa_required: boolean; has_mfa: boolean; permissions: string[] }>(
    USER_GRANT_SQL,
    [organizationId, userId],
  );
  const row = rows[0];
  if (!row) throw denied("The user is not a member of this organization.");
  if (row.suspended) throw denied("The user is suspended.");
  if (row.mfa_required && !row.has_mfa) throw denied("This organization requires multi-factor authentication.");
  return [...row.permissions].sort();
}

async function appPermissions(db: Db, organizationId: string, applicationId: string): Promise<string[]> {
  const member = await db.organizationApplication.findUnique({
    where: { organizationId_applicationId: { organizationId, applicationId } },
    select: { organizationId: true },
  });
  if (!member) throw denied("The application is not a member of this organization.");
  const perms = await db.$queryRaw<{ name: string }[]>`
    SELECT DISTINCT p.name FROM organization_application_roles ar
    JOIN organization_role_permissions rp ON rp."roleId" = ar."roleId"
    JOIN organization_permissions p ON p.id = rp."permissionId"
    WHERE ar."organizationId" = ${organizationId} AND ar."applicationId" = ${applicationId}
    ORDER BY p.name`;
  return perms.map((p) => p.name);
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
