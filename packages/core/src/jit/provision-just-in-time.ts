import type { Prisma } from "@guildhall/db";
import { sqlTable } from "@guildhall/db/sql";
import { sqlRunner, type SqlRunner, preparedSql } from "@guildhall/db/sql-runner";
import { recordAudits } from "../audit/record-audit.ts";
import type { ServiceContext } from "../context.ts";
import { userNotFound } from "../users/get-user.ts";
import { emailDomainOf } from "../shared/email-domain.ts";

/** Where a user came from when just-in-time provisioning ran (recorded in the audit entry). */
export type JitReason =
  "sign_up" | "invitation" | "sso" | "console" | "management_api" | "email_verified";

/** Which rule made the user a member: their verified email's domain, or the SSO connector. */
export type JitRule = "email_domain" | "sso_connector";

export interface ProvisionJustInTimeInput {
  userId: string;
  /** The user's address (stored lower-cased); its domain is matched when `emailVerified`. */
  email: string | null;
  emailVerified: boolean;
  /** The connector the user signed in through, on their first SSO sign-in. */
  ssoConnectorId?: string;
  reason: JitReason;
  now: Date;
}

/** One organization the user joined. */
export interface JitProvisioned {
  organizationId: string;
  rule: JitRule;
  roleIds: string[];
}

interface Match {
  organizationId: string;
  roleIds: string[];
}

const u = sqlTable("User");
const d = sqlTable("OrganizationJitEmailDomain", "d");
const c = sqlTable("OrganizationJitSsoConnector", "c");
const r = sqlTable("OrganizationJitRole", "r");

// Each lookup is on an indexed column (emailDomain, ssoConnectorId) and also brings the
// organization's default roles.
const matchesBy = (t: typeof d | typeof c, column: string, value: string) => `
    SELECT ${t.col.organizationId} AS "organizationId",
      COALESCE(array_agg(${r.col.roleId}) FILTER (WHERE ${r.col.roleId} IS NOT NULL), '{}') AS "roleIds"
    FROM ${t.ref} LEFT JOIN ${r.ref} ON ${r.col.organizationId} = ${t.col.organizationId}
    WHERE ${column} = ${value}
    GROUP BY ${t.col.organizationId}
    ORDER BY ${t.col.organizationId}`;

/** Organizations whose JIT email domains include `$1`, with their default roles (the text, for EXPLAIN). */
export const ORGANIZATIONS_BY_EMAIL_DOMAIN_TEXT = matchesBy(d, d.col.emailDomain, "$1");
const ORGANIZATIONS_BY_SSO_CONNECTOR_SQL = preparedSql(matchesBy(c, c.col.ssoConnectorId, "$1"));

// One round trip for the user and the email rule: whether the user is suspended; the claim
// of the rule's one run (`$3`, the verified email's domain, when there is one; the update
// takes the row lock, so of two concurrent verifications of one user exactly one claims it,
// the other waiting and then matching nothing); and, only when claimed now, the
// organizations the domain matches. Bookkeeping, not a profile change: `updatedAt` stays.
const USER_AND_EMAIL_RULE_SQL = preparedSql(`
  WITH target AS (
    SELECT ${u.col.id} AS id, ${u.col.suspendedAt} IS NOT NULL AS suspended FROM ${u.ref} WHERE ${u.col.id} = $1),
  claimed AS (
    UPDATE ${u.ref} SET ${u.col.jitEmailProvisionedAt} = $2::timestamp(3)
    FROM target
    WHERE ${u.name}.${u.col.id} = target.id AND NOT target.suspended AND $3::text IS NOT NULL
      AND ${u.name}.${u.col.jitEmailProvisionedAt} IS NULL
    RETURNING 1)
  SELECT target.suspended,
    CASE WHEN EXISTS (SELECT 1 FROM claimed)
      THEN coalesce((SELECT json_agg(x) FROM (${matchesBy(d, d.col.emailDomain, "$3")}) AS x), '[]')
      ELSE '[]' END AS "byDomain"
  FROM target`);

const m = sqlTable("OrganizationMember");
const mr = sqlTable("OrganizationMemberRole");
// The memberships and their roles in one statement; an existing membership, and its roles,
// stay as they are (the roles only go to the organizations joined now).
const JOIN_SQL = preparedSql(`
  WITH wanted AS (
    SELECT w."organizationId", w."roleIds"
    FROM jsonb_to_recordset($2::jsonb) AS w("organizationId" text, "roleIds" text[])),
  joined AS (
    INSERT INTO ${m.name} (${m.col.organizationId}, ${m.col.userId}, ${m.col.createdAt})
    SELECT wanted."organizationId", $1, $3::timestamp(3) FROM wanted
    ON CONFLICT DO NOTHING
    RETURNING ${m.col.organizationId} AS "organizationId"),
  granted AS (
    INSERT INTO ${mr.name} (${mr.col.organizationId}, ${mr.col.userId}, ${mr.col.roleId})
    SELECT joined."organizationId", $1, role
    FROM joined JOIN wanted USING ("organizationId"), unnest(wanted."roleIds") AS role
    ON CONFLICT DO NOTHING)
  SELECT "organizationId" FROM joined`);

/** An address whose domain is not one (a legacy row) matches no organization; it does not fail the write. */
function domainOrNull(email: string): string | null {
  try {
    return emailDomainOf(email);
  } catch {
    return null;
  }
}

/**
 * Just-in-time provisioning, the one rule: call it inside the transaction that creates the
 * user or verifies their address (or, for SSO, links their identity), so membership and
 * account commit together.
 *
 * - A **verified** email whose domain is one of an organization's JIT email domains makes
 *   the user a member of each such organization, with its default roles. This email rule
 *   runs once per user (`User.jitEmailProvisionedAt`): verifying a new address later, or
 *   again, does not re-add a user who has left.
 * - `ssoConnectorId` makes the user a member of each organization linked to that connector,
 *   with its default roles.
 * - An existing membership is left as it is (its roles too); a suspended user joins nothing.
 * - One audit entry (`organization.jit_provisioned`) per organization joined names the rule.
 *
 * @returns the organizations the user joined now
 * @throws user.not_found
 * @example
 * await db.$transaction(async (tx) => {
 *   const user = await tx.user.create({ data: { email, emailVerifiedAt: now } });
 *   await provisionJustInTime(tx, { userId: user.id, email, emailVerified: true, reason: "sso", ssoConnectorId, now }, ctx);
 * });
 */
export async function provisionJustInTime(
  client: Prisma.TransactionClient | SqlRunner,
  input: ProvisionJustInTimeInput,
  actorCtx: ServiceContext,
): Promise<JitProvisioned[]> {
  const tx = sqlRunner(client);
  const { userId, ssoConnectorId } = input;
  const emailDomain = input.emailVerified && input.email ? domainOrNull(input.email) : null;
  const [user] = await tx.rows<{ suspended: boolean; byDomain: Match[] }>(USER_AND_EMAIL_RULE_SQL, [
    userId,
    input.now,
    emailDomain,
  ]);
  if (!user) throw userNotFound(userId);
  if (user.suspended) return [];
  const byDomain = user.byDomain;
  const byConnector = ssoConnectorId
    ? await tx.rows<Match>(ORGANIZATIONS_BY_SSO_CONNECTOR_SQL, [ssoConnectorId])
    : [];

  // An organization matched by both rules is joined once, credited to the email rule.
  const wanted = new Map<string, JitProvisioned>();
  for (const [rule, matches] of [
    ["email_domain", byDomain],
    ["sso_connector", byConnector],
  ] as const) {
    for (const m of matches) {
      if (!wanted.has(m.organizationId)) wanted.set(m.organizationId, { ...m, rule });
    }
  }
  if (wanted.size === 0) return [];

  const joined = await tx.rows<{ organizationId: string }>(JOIN_SQL, [
    userId,
    JSON.stringify(
      [...wanted.values()].map(({ organizationId, roleIds }) => ({ organizationId, roleIds })),
    ),
    new Date(),
  ]);
  const joinedNow = new Set(joined.map((row) => row.organizationId));
  const provisioned = [...wanted.values()].filter((w) => joinedNow.has(w.organizationId));
  await recordAudits(
    tx,
    actorCtx,
    provisioned.map(({ organizationId, rule, roleIds }) => ({
      action: "organization.jit_provisioned",
      targetType: "user",
      targetId: userId,
      organizationId,
      data: {
        rule,
        reason: input.reason,
        roleIds,
        ...(rule === "email_domain" ? { emailDomain } : { ssoConnectorId }),
      },
    })),
  );
  return provisioned;
}
