import type { Prisma } from "@guildhall/db";
import { sqlTable } from "@guildhall/db/sql";
import type { InvitationRow } from "./select.ts";

// `invitationSelect` as SQL, for the hot paths (create, accept): Prisma reads each relation of
// a select with its own statement, and inside a transaction those statements would share one
// connection. Here the relations come back in the same statement, as JSON.

const i = sqlTable("OrganizationInvitation", "i");
const o = sqlTable("Organization", "gh_o");
const u = sqlTable("User", "gh_u");
const ir = sqlTable("OrganizationInvitationRole", "gh_ir");
const r = sqlTable("OrganizationRole", "gh_r");

/** The invitation's own columns, from a table aliased `i`. */
export const INVITATION_SCALARS_SQL = `
  ${i.col.id} AS id, ${i.col.organizationId} AS "organizationId", ${i.col.consoleRole}::text AS "consoleRole",
  ${i.col.inviterId} AS "inviterId", ${i.col.invitee} AS invitee, ${i.col.status}::text AS status,
  ${i.col.expiresAt} AS "expiresAt", ${i.col.acceptedUserId} AS "acceptedUserId",
  ${i.col.messagePayload} AS "messagePayload", ${i.col.createdAt} AS "createdAt", ${i.col.updatedAt} AS "updatedAt"`;

/** Its organization, inviter and roles (by name), as `invitationSelect` has them. */
export const INVITATION_RELATIONS_SQL = `
  (SELECT json_build_object('id', ${o.col.id}, 'name', ${o.col.name}) FROM ${o.ref} WHERE ${o.col.id} = ${i.col.organizationId}) AS organization,
  (SELECT json_build_object('id', ${u.col.id}, 'name', ${u.col.name}, 'email', ${u.col.email}) FROM ${u.ref} WHERE ${u.col.id} = ${i.col.inviterId}) AS inviter,
  coalesce((SELECT json_agg(json_build_object('role', json_build_object('id', ${r.col.id}, 'name', ${r.col.name})) ORDER BY ${r.col.name})
            FROM ${ir.ref} JOIN ${r.ref} ON ${r.col.id} = ${ir.col.roleId} WHERE ${ir.col.invitationId} = ${i.col.id}), '[]') AS roles`;

/** What `INVITATION_SCALARS_SQL` and `INVITATION_RELATIONS_SQL` read, as `$queryRaw` returns it. */
export interface RawInvitationRow {
  id: string;
  organizationId: string | null;
  consoleRole: string | null;
  inviterId: string | null;
  invitee: string;
  status: string;
  expiresAt: Date;
  acceptedUserId: string | null;
  messagePayload: Prisma.JsonValue;
  createdAt: Date;
  updatedAt: Date;
  organization: InvitationRow["organization"];
  inviter: InvitationRow["inviter"];
  roles: InvitationRow["roles"];
}

/** The row as the Prisma select would have typed it (the enums come back as text). */
export function invitationRowOf(raw: RawInvitationRow): InvitationRow {
  return {
    ...raw,
    consoleRole: raw.consoleRole as InvitationRow["consoleRole"],
    status: raw.status as InvitationRow["status"],
  };
}
