import { sqlTable } from "@guildhall/db/sql";
import {
  preparedSql,
  sqlRunner,
  valuesAfter,
  withSqlTransaction,
  type SqlRunner,
} from "@guildhall/db/sql-runner";
import {
  acceptInvitationByIdInput,
  invitationTokenInput,
  type AcceptedInvitation,
  type AcceptInvitationByIdInput,
  type InvitationTokenInput,
} from "@guildhall/validators";
import { auditPart } from "../audit/record-audit.ts";
import { assertCanManageTenant, now, type ServiceContext } from "../context.ts";
import { provisionJustInTime } from "../jit/provision-just-in-time.ts";
import { DomainError } from "../errors.ts";
import { parseInput } from "../parse.ts";
import { assertInvitee, findByTokenFor, refuseUnlessInvitee, requireSignedIn } from "./invitee.ts";
import { loadInvitationForAdmin } from "./load-invitation.ts";
import { assertPending, whyNotPending } from "./pending.ts";
import {
  INVITATION_RELATIONS_SQL,
  INVITATION_SCALARS_SQL,
  invitationRowOf,
  type RawInvitationRow,
} from "./row-sql.ts";
import { toInvitation, type InvitationRow } from "./select.ts";

const i = sqlTable("OrganizationInvitation", "i");
// SET takes bare column names.
const set = sqlTable("OrganizationInvitation").col;
const m = sqlTable("OrganizationMember");
const mr = sqlTable("OrganizationMemberRole");
const u = sqlTable("User", "gh_u");
const userSet = sqlTable("User").col;
// The accept in one statement: the invitation moves only while still Pending and unexpired
// (the row lock makes a concurrent accept, decline or revoke wait, then match nothing);
// only then does the user join (an existing membership, and its roles, stay), get the
// roles, and (for the link's owner) have the address verified. It returns the invitation as
// it now is, and writes its audit entry beside it. The membership rows refer to each other's
// inserts: foreign keys are checked at the end of the statement.
const ACCEPT_ARITY = 6;
const ACCEPT_SQL = preparedSql(`
  WITH args AS (
    SELECT $1::text AS "invitationId", $2::timestamp(3) AS at, $3::text AS "userId", $4::timestamp(3) AS "writtenAt",
           $5::text[] AS "roleIds", $6::boolean AS "verifiesEmail"),
  moved AS (
    UPDATE ${i.ref} SET ${set.status} = 'Accepted', ${set.pendingKey} = NULL,
           ${set.acceptedUserId} = args."userId", ${set.updatedAt} = args."writtenAt"
    FROM args
    WHERE ${i.col.id} = args."invitationId" AND ${i.col.status} = 'Pending' AND ${i.col.expiresAt} > args.at
    RETURNING ${INVITATION_SCALARS_SQL}, ${INVITATION_RELATIONS_SQL}),
  joined AS (
    INSERT INTO ${m.name} (${m.col.organizationId}, ${m.col.userId}, ${m.col.createdAt})
    SELECT moved."organizationId", args."userId", args."writtenAt" FROM moved, args
    WHERE moved."organizationId" IS NOT NULL
    ON CONFLICT DO NOTHING),
  granted AS (
    INSERT INTO ${mr.name} (${mr.col.organizationId}, ${mr.col.userId}, ${mr.col.roleId})
    SELECT moved."organizationId", args."userId", role FROM moved, args, unnest(args."roleIds") AS role
    WHERE moved."organizationId" IS NOT NULL
    ON CONFLICT DO NOTHING),
  verified AS (
    UPDATE ${u.ref} SET ${userSet.emailVerifiedAt} = args.at, ${userSet.updatedAt} = args."writtenAt"
    FROM args
    WHERE ${u.col.id} = args."userId" AND ${u.col.emailVerifiedAt} IS NULL AND args."verifiesEmail"
      AND EXISTS (SELECT 1 FROM moved)
    RETURNING 1),
  ${auditPart.sql(valuesAfter(ACCEPT_ARITY), "EXISTS (SELECT 1 FROM moved)")}
  SELECT moved.*, (SELECT count(*) FROM verified)::int AS verified FROM moved`);

/**
 * Accepts as the signed-in user, with the token from the link. The user's email must be
 * the invitee's (any case). Since the link went to that address, opening it also verifies
 * the email. Creates the membership (or keeps an existing one) and adds the roles, in one
 * transaction; of two concurrent accepts exactly one succeeds.
 * @throws auth.unauthenticated, invitation.not_found, user.not_found, invitation.email_mismatch,
 *   invitation.expired, invitation.already_ended
 */
export async function acceptInvitation(
  ctx: ServiceContext,
  input: InvitationTokenInput,
): Promise<AcceptedInvitation> {
  const userId = requireSignedIn(ctx);
  const { token } = parseInput(invitationTokenInput, input);
  const { row, match, emailVerified } = await findByTokenFor(ctx, token, userId);
  refuseUnlessInvitee(row, userId, match, "accept");
  // The link reached the inbox: opening it verifies the address, if it is not already.
  return accept(ctx, row, userId, !emailVerified);
}

/**
 * Accepts on behalf of a user (Management API `PUT /organization-invitations/{id}/status`).
 * The user's email must still be the invitee's. The invitation's state is checked before the
 * user (a missing `acceptedUserId` on an ended invitation is told that it ended).
 * @throws invitation.not_found, invitation.expired, invitation.already_ended,
 *   guard.invalid_input (no acceptedUserId), user.not_found, invitation.email_mismatch
 */
export async function acceptInvitationById(
  ctx: ServiceContext,
  input: AcceptInvitationByIdInput,
): Promise<AcceptedInvitation> {
  assertCanManageTenant(ctx);
  const { id, acceptedUserId } = parseInput(acceptInvitationByIdInput, input);
  const row = await loadInvitationForAdmin(ctx, id);
  // Logto's order: an ended invitation is refused as such before a missing or unknown user.
  assertPending(row, now(ctx));
  if (!acceptedUserId) {
    throw new DomainError(
      "guard.invalid_input",
      "acceptedUserId is required to accept an invitation.",
      { issues: [{ path: ["acceptedUserId"], message: "Required when the status is Accepted" }] },
    );
  }
  await assertInvitee(ctx, row, acceptedUserId, "accept");
  return accept(ctx, row, acceptedUserId, false);
}

async function accept(
  ctx: ServiceContext,
  row: InvitationRow,
  userId: string,
  verifiesEmail: boolean,
): Promise<AcceptedInvitation> {
  const at = now(ctx);
  assertPending(row, at);
  const roleIds = row.roles.map((r) => r.role.id);
  const audit = {
    action: "invitation.accepted",
    targetType: "invitation",
    targetId: row.id,
    organizationId: row.organizationId,
    data: { userId, organizationRoleIds: roleIds, consoleRole: row.consoleRole },
  };
  const acceptOn = async (tx: SqlRunner) => {
    const [moved] = await tx.rows<RawInvitationRow & { verified: number }>(ACCEPT_SQL, [
      row.id,
      at,
      userId,
      new Date(),
      row.organizationId ? roleIds : [],
      verifiesEmail,
      ...auditPart.values({ ctx, entries: [audit] }),
    ]);
    // Of two concurrent accepts, exactly one moved the row; the other is told why not.
    if (!moved) throw await whyNotPending(tx, row.id, at);
    return moved;
  };

  // Joining an organization with an address verified already is the one statement: atomic
  // without a transaction block. A console role, or an address this link verifies (which
  // may provision the user into its domain's organizations), writes more in one transaction.
  const updated =
    row.organizationId && !verifiesEmail
      ? withoutVerified(await acceptOn(sqlRunner(ctx.db)))
      : await withSqlTransaction(ctx.db, async (tx) => {
          const moved = await acceptOn(tx);
          if (!row.organizationId && row.consoleRole)
            await grantConsoleRole(tx, userId, row.consoleRole);
          // The address is verified now, so its domain may provision.
          if (moved.verified > 0) {
            await provisionJustInTime(
              tx,
              { userId, email: row.invitee, emailVerified: true, reason: "invitation", now: at },
              ctx,
            );
          }
          return withoutVerified(moved);
        });
  return {
    invitation: toInvitation(updated, at),
    organization: updated.organization,
    organizationRoles: updated.roles.map((r) => r.role),
    consoleRole: updated.consoleRole,
  };
}

function withoutVerified(moved: RawInvitationRow & { verified: number }): InvitationRow {
  const { verified: _verified, ...invitation } = moved;
  return invitationRowOf(invitation);
}

const cm = sqlTable("ConsoleMember");
// Console invitations never demote: an admin invited as collaborator stays admin.
const GRANT_CONSOLE_ROLE_SQL = preparedSql(`
  INSERT INTO ${cm.ref} (${cm.col.userId}, ${cm.col.role}, ${cm.col.createdAt})
  VALUES ($1, $2::"ConsoleRole", $3::timestamp(3))
  ON CONFLICT (${cm.col.userId}) DO UPDATE SET ${cm.col.role} = 'admin'
  WHERE ${cm.name}.${cm.col.role} = 'collaborator' AND excluded.${cm.col.role} = 'admin'`);

/** Console invitations never demote: an admin invited as collaborator stays admin. */
async function grantConsoleRole(tx: SqlRunner, userId: string, role: "admin" | "collaborator") {
  await tx.execute(GRANT_CONSOLE_ROLE_SQL, [userId, role, new Date()]);
}
