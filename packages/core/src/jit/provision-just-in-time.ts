import type { Prisma } from "@guildhall/db";
import { prismaStatement, sqlTable } from "@guildhall/db/sql";
import { recordAudit } from "../audit/record-audit.ts";
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
// Bookkeeping, not a profile change: raw, so `updatedAt` stays as it was.
const CLAIM_EMAIL_RULE_SQL = prismaStatement(
  `UPDATE ${u.ref} SET ${u.col.jitEmailProvisionedAt} = $1 WHERE ${u.col.id} = $2 AND ${u.col.jitEmailProvisionedAt} IS NULL`,
);
const d = sqlTable("OrganizationJitEmailDomain", "d");
const c = sqlTable("OrganizationJitSsoConnector", "c");
const r = sqlTable("OrganizationJitRole", "r");

// Each lookup is one statement on an indexed column (emailDomain, ssoConnectorId) that also
// brings the organization's default roles, so a sign-up pays one round trip per rule.
const matchesBy = (t: typeof d | typeof c, column: string) => `
    SELECT ${t.col.organizationId} AS "organizationId",
      COALESCE(array_agg(${r.col.roleId}) FILTER (WHERE ${r.col.roleId} IS NOT NULL), '{}') AS "roleIds"
    FROM ${t.ref} LEFT JOIN ${r.ref} ON ${r.col.organizationId} = ${t.col.organizationId}
    WHERE ${column} = $1
    GROUP BY ${t.col.organizationId}
    ORDER BY ${t.col.organizationId}`;

/** Organizations whose JIT email domains include `$1`, with their default roles (the text, for EXPLAIN). */
export const ORGANIZATIONS_BY_EMAIL_DOMAIN_TEXT = matchesBy(d, d.col.emailDomain);
const ORGANIZATIONS_BY_EMAIL_DOMAIN_SQL = prismaStatement(ORGANIZATIONS_BY_EMAIL_DOMAIN_TEXT);
const ORGANIZATIONS_BY_SSO_CONNECTOR_SQL = prismaStatement(matchesBy(c, c.col.ssoConnectorId));

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
  tx: Prisma.TransactionClient,
  input: ProvisionJustInTimeInput,
  actorCtx: ServiceContext,
): Promise<JitProvisioned[]> {
  const { userId, ssoConnectorId } = input;
  const user = await tx.user.findUnique({
    where: { id: userId },
    select: { suspendedAt: true },
  });
  if (!user) throw userNotFound(userId);
  if (user.suspendedAt) return [];

  const emailDomain = input.emailVerified && input.email ? domainOrNull(input.email) : null;
  // Claiming the run and reading the matches happen under the row lock the update takes, so
  // two concurrent verifications of one user provision once.
  const emailRuleRuns =
    emailDomain !== null && (await tx.$executeRaw(CLAIM_EMAIL_RULE_SQL, input.now, userId)) === 1;

  const byDomain = emailRuleRuns
    ? await tx.$queryRaw<Match[]>(ORGANIZATIONS_BY_EMAIL_DOMAIN_SQL, emailDomain)
    : [];
  const byConnector = ssoConnectorId
    ? await tx.$queryRaw<Match[]>(ORGANIZATIONS_BY_SSO_CONNECTOR_SQL, ssoConnectorId)
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

  // skipDuplicates leaves existing memberships, and their roles, untouched.
  const joined = await tx.organizationMember.createManyAndReturn({
    data: [...wanted.keys()].map((organizationId) => ({ organizationId, userId })),
    skipDuplicates: true,
    select: { organizationId: true },
  });
  const provisioned = joined.flatMap(({ organizationId }) => {
    const match = wanted.get(organizationId);
    return match ? [match] : [];
  });
  const memberRoles = provisioned.flatMap(({ organizationId, roleIds }) =>
    roleIds.map((roleId) => ({ organizationId, userId, roleId })),
  );
  if (memberRoles.length) {
    await tx.organizationMemberRole.createMany({ data: memberRoles, skipDuplicates: true });
  }
  for (const { organizationId, rule, roleIds } of provisioned) {
    await recordAudit(tx, actorCtx, {
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
    });
  }
  return provisioned;
}
