import type { Db, Prisma } from "@guildhall/db";
import { sqlTable } from "@guildhall/db/sql";
import { outboxPart, type OutboxRow } from "@guildhall/email";
import {
  paddedForGenericPlan,
  preparedSql,
  sqlRunner,
  valuesAfter,
  type SqlRunner,
} from "@guildhall/db/sql-runner";
import { auditPart, type AuditEntry } from "../audit/record-audit.ts";
import type { ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import {
  roleApiScopeIdsSql,
  rolePermissionNamesSql,
  type RoleGrant,
} from "../organization-access/role-grants.ts";
import { INVITATION_SCALARS_SQL, type RawInvitationRow } from "./row-sql.ts";
import { INVITATION_EMAIL_WINDOW_MS } from "./email.ts";

// The statements of createInvitation: what it checks before it writes in one read, and the
// invitation with its roles, email and audit entry in one write.

const o = sqlTable("Organization", "gh_o");
const r = sqlTable("OrganizationRole", "gh_r");
const u = sqlTable("User", "gh_u");
const e = sqlTable("EmailOutbox", "gh_e");

// The roles are joined from `unnest` of an array padded to 10 (paddedForGenericPlan): the
// statement is then planned once, not at every call (~0.3 ms of PostgreSQL each).
const INPUTS_SQL = preparedSql(`
  SELECT
    (SELECT json_build_object('id', ${o.col.id}, 'name', ${o.col.name}, 'branding', ${o.col.branding}, 'color', ${o.col.color})
       FROM ${o.ref} WHERE ${o.col.id} = args."organizationId") AS organization,
    coalesce((SELECT json_agg(json_build_object('id', ${r.col.id}, 'name', ${r.col.name}, 'type', ${r.col.type},
                 'permissions', ${rolePermissionNamesSql(r.col.id)}, 'apiScopeIds', ${roleApiScopeIdsSql(r.col.id)}) ORDER BY ${r.col.name})
       FROM unnest(args."roleIds") AS wanted(id) JOIN ${r.ref} ON ${r.col.id} = wanted.id), '[]') AS roles,
    (SELECT json_build_object('id', ${u.col.id}, 'name', ${u.col.name}, 'email', ${u.col.email})
       FROM ${u.ref} WHERE ${u.col.id} = args."inviterId") AS inviter,
    (SELECT count(*) FROM ${e.ref} WHERE ${e.col.to} = args.invitee AND ${e.col.createdAt} >= args.since)::int AS "emailsSent"
  FROM (SELECT $1::text AS "organizationId", $2::text[] AS "roleIds", $3::text AS "inviterId",
               $4::text AS invitee, $5::timestamp(3) AS since) AS args`);

export interface InvitationInputs {
  organization: {
    id: string;
    name: string;
    branding: Prisma.JsonValue;
    color: Prisma.JsonValue;
  } | null;
  /** The roles found among those asked for, by name, with what they grant. */
  roles: (RoleGrant & { type: string })[];
  inviter: { id: string; name: string | null; email: string | null } | null;
  /** Emails queued to the invitee in the rate-limit window (0 when not counted). */
  emailsSent: number;
}

/** Everything an invitation is checked against before it is written, in one round trip. */
export async function readInvitationInputs(
  db: Db,
  input: {
    organizationId: string | null;
    roleIds: string[];
    inviterId: string | null;
    invitee: string;
    at: Date;
    countEmails: boolean;
  },
): Promise<InvitationInputs> {
  const since = new Date(input.at.getTime() - INVITATION_EMAIL_WINDOW_MS);
  const [row] = await sqlRunner(db).rows<InvitationInputs>(INPUTS_SQL, [
    input.organizationId,
    paddedForGenericPlan(input.roleIds),
    input.inviterId,
    // The outbox stores addresses lower-cased, as invitees are.
    input.countEmails ? input.invitee : null,
    since,
  ]);
  if (!row) throw new Error("The invitation inputs query returned no row.");
  return row;
}

const i = sqlTable("OrganizationInvitation");
// An expired row still holds the pending key until something marks it.
const EXPIRE_HELD_KEY_SQL = preparedSql(`
  UPDATE ${i.ref} SET ${i.col.status} = 'Expired', ${i.col.pendingKey} = NULL, ${i.col.updatedAt} = $1
  WHERE ${i.col.pendingKey} = $2 AND ${i.col.status} = 'Pending' AND ${i.col.expiresAt} <= $3
  RETURNING ${i.col.id} AS id, ${i.col.organizationId} AS "organizationId"`);

/** Marks Expired the invitation past its expiry that still holds `pendingKey`, if any. */
export function expireHeldPendingKey(
  tx: SqlRunner,
  pendingKey: string,
  at: Date,
): Promise<{ id: string; organizationId: string | null }[]> {
  return tx.rows(EXPIRE_HELD_KEY_SQL, [new Date(), pendingKey, at]);
}

const ins = sqlTable("OrganizationInvitation", "i");
const ir = sqlTable("OrganizationInvitationRole");
const mu = sqlTable("User", "gh_mu");
const m = sqlTable("OrganizationMember", "gh_m");
const c = sqlTable("ConsoleMember", "gh_c");
const INVITATION_ARITY = 11;
const WRITTEN = "EXISTS (SELECT 1 FROM created)";
// Written only if the invitee is not already a member of the organization (or of the
// console) and no invitation holds the pending key, checked in the same statement as the
// write; the invitation's roles, its email (when sent) and its audit entry are written by the
// same statement, only beside it: one round trip, all or nothing without a transaction block.
// Rows that refer to the invitation are checked at the end of the statement.
const insertSql = (emailed: boolean) => {
  const audit = emailed ? INVITATION_ARITY + outboxPart.arity : INVITATION_ARITY;
  return preparedSql(`
  WITH args AS (
    SELECT $1::text AS id, $2::text AS "organizationId", $3::text AS "consoleRole", $4::text AS "inviterId",
           $5::text AS invitee, $6::text AS "tokenHash", $7::text AS "pendingKey", $8::timestamp(3) AS "expiresAt",
           $9::jsonb AS "messagePayload", $10::timestamp(3) AS "writtenAt", $11::text[] AS "roleIds"),
  member AS (
    SELECT ${mu.col.id} AS "userId" FROM ${mu.ref}, args
    WHERE ${mu.col.email} = args.invitee AND CASE
      WHEN args."organizationId" IS NULL THEN EXISTS (SELECT 1 FROM ${c.ref} WHERE ${c.col.userId} = ${mu.col.id})
      ELSE EXISTS (SELECT 1 FROM ${m.ref} WHERE ${m.col.organizationId} = args."organizationId" AND ${m.col.userId} = ${mu.col.id})
    END),
  created AS (
    INSERT INTO ${ins.ref} (${i.col.id}, ${i.col.organizationId}, ${i.col.consoleRole}, ${i.col.inviterId},
      ${i.col.invitee}, ${i.col.tokenHash}, ${i.col.status}, ${i.col.pendingKey}, ${i.col.expiresAt},
      ${i.col.messagePayload}, ${i.col.createdAt}, ${i.col.updatedAt})
    SELECT args.id, args."organizationId", args."consoleRole"::"ConsoleRole", args."inviterId", args.invitee,
      args."tokenHash", 'Pending', args."pendingKey", args."expiresAt", args."messagePayload", args."writtenAt", args."writtenAt"
    FROM args WHERE NOT EXISTS (SELECT 1 FROM member)
    ON CONFLICT (${i.col.pendingKey}) DO NOTHING
    RETURNING ${INVITATION_SCALARS_SQL}),
  roles AS (
    INSERT INTO ${ir.name} (${ir.col.invitationId}, ${ir.col.roleId})
    SELECT created.id, role FROM created, args, unnest(args."roleIds") AS role),
  ${emailed ? `${outboxPart.sql(valuesAfter(INVITATION_ARITY), WRITTEN)},` : ""}
  ${auditPart.sql(valuesAfter(audit), WRITTEN)}
  SELECT (SELECT "userId" FROM member LIMIT 1) AS "memberUserId", created.*
  FROM args LEFT JOIN created ON true`);
};
const INSERT_SQL = insertSql(false);
const INSERT_EMAILED_SQL = insertSql(true);

export interface NewInvitation {
  /** Chosen before the write, so the email and the audit entry can name it. */
  id: string;
  organizationId: string | null;
  consoleRole: "admin" | "collaborator" | null;
  inviterId: string | null;
  invitee: string;
  tokenHash: string;
  pendingKey: string;
  expiresAt: Date;
  messagePayload: Record<string, unknown> | null;
  roleIds: string[];
}

type Scalars = Omit<RawInvitationRow, "organization" | "inviter" | "roles">;

/**
 * Writes the invitation and its roles, with its email (when given) and its audit entry,
 * unless the invitee is a member already.
 * @returns the row written, or null (and nothing written) when another invitation holds
 *   the pending key
 * @throws invitation.already_member
 */
export async function insertInvitation(
  tx: SqlRunner,
  data: NewInvitation,
  beside: { email: OutboxRow | null; ctx: ServiceContext; audit: AuditEntry },
): Promise<Scalars | null> {
  const [row] = await tx.rows<
    // No invitation columns (all null) when the invitee was found to be a member.
    { memberUserId: string | null; id: string | null } & Omit<Scalars, "id">
  >(beside.email ? INSERT_EMAILED_SQL : INSERT_SQL, [
    data.id,
    data.organizationId,
    data.consoleRole,
    data.inviterId,
    data.invitee,
    data.tokenHash,
    data.pendingKey,
    data.expiresAt,
    data.messagePayload === null ? null : JSON.stringify(data.messagePayload),
    new Date(),
    data.roleIds,
    ...(beside.email ? outboxPart.values(beside.email) : []),
    ...auditPart.values({ ctx: beside.ctx, entries: [beside.audit] }),
  ]);
  if (row?.memberUserId) {
    throw new DomainError(
      "invitation.already_member",
      `${data.invitee} is already a member of ${data.organizationId ? "this organization" : "the console"}.`,
      { invitee: data.invitee, userId: row.memberUserId, organizationId: data.organizationId },
    );
  }
  if (!row) throw new Error("The invitation statement returned no row.");
  if (!row.id) return null;
  const { memberUserId: _member, id, ...scalars } = row;
  return { ...scalars, id };
}
