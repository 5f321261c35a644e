import type { Db } from "@guildhall/db";
import { sqlTable } from "@guildhall/db/sql";
import { sqlRunner, preparedSql } from "@guildhall/db/sql-runner";
import type { ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { userNotFound } from "../users/get-user.ts";
import {
  INVITATION_RELATIONS_SQL,
  INVITATION_SCALARS_SQL,
  invitationRowOf,
  type RawInvitationRow,
} from "./row-sql.ts";
import { actorUserId, invitationNotFound, type InvitationRow } from "./select.ts";
import { hashInvitationToken } from "./token.ts";

const i = sqlTable("OrganizationInvitation", "i");
const u = sqlTable("User", "gh_u");
// The invitation a link opens, and (when someone is signed in) their address: one round trip
// for what accepting or declining checks before its transaction.
const BY_TOKEN_SQL = preparedSql(`
  SELECT ${INVITATION_SCALARS_SQL}, ${INVITATION_RELATIONS_SQL},
         (SELECT json_build_object('email', ${u.col.email}, 'emailVerified', ${u.col.emailVerifiedAt} IS NOT NULL)
            FROM ${u.ref} WHERE ${u.col.id} = args."userId") AS "signedIn"
  FROM (SELECT $1::text AS "tokenHash", $2::text AS "userId") AS args
  JOIN ${i.ref} ON ${i.col.tokenHash} = args."tokenHash"`);

/** Who a signed-in user is to an invitation: the invitee, someone else, or no account at all. */
export type InviteeMatch =
  { kind: "invitee" } | { kind: "other_account"; email: string | null } | { kind: "no_account" };

/**
 * The one rule for who may answer an invitation: the user whose email is the invitee's
 * (any case; invitees are stored lower-case). Accept, decline and the landing page all
 * ask this.
 */
export async function matchInvitee(db: Db, invitee: string, userId: string): Promise<InviteeMatch> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true } });
  return inviteeMatchOf(invitee, user);
}

/** `matchInvitee` on the user's row, once read (null: no such user). */
export function inviteeMatchOf(
  invitee: string,
  user: { email: string | null } | null,
): InviteeMatch {
  if (!user) return { kind: "no_account" };
  // A user without an email is never the invitee: invitations are addressed by email.
  return user.email?.toLowerCase() === invitee
    ? { kind: "invitee" }
    : { kind: "other_account", email: user.email };
}

/**
 * Refuses anyone but the invitee to `verb` (accept, decline) the invitation.
 * @throws user.not_found, invitation.email_mismatch
 */
export async function assertInvitee(
  ctx: ServiceContext,
  row: InvitationRow,
  userId: string,
  verb: "accept" | "decline",
): Promise<void> {
  refuseUnlessInvitee(row, userId, await matchInvitee(ctx.db, row.invitee, userId), verb);
}

/** `assertInvitee` once the match is known. */
export function refuseUnlessInvitee(
  row: InvitationRow,
  userId: string,
  match: InviteeMatch,
  verb: "accept" | "decline",
): void {
  switch (match.kind) {
    case "invitee":
      return;
    case "no_account":
      throw userNotFound(userId);
    case "other_account":
      throw new DomainError(
        "invitation.email_mismatch",
        `This invitation is for ${row.invitee}, and you are signed in as ${match.email ?? "an account without an email address"}. Switch account to ${verb} it.`,
        { invitee: row.invitee },
      );
  }
}

/** The signed-in person answering an invitation. @throws auth.unauthenticated */
export function requireSignedIn(ctx: ServiceContext): string {
  const userId = actorUserId(ctx.actor);
  if (!userId) throw new DomainError("auth.unauthenticated", "Sign in to answer this invitation.");
  return userId;
}

/**
 * The invitation a link's token opens, who `userId` is to it and whether their address is
 * verified already, in one statement.
 * @throws invitation.not_found
 */
export async function findByTokenFor(
  ctx: ServiceContext,
  token: string,
  userId: string | null,
): Promise<{ row: InvitationRow; match: InviteeMatch; emailVerified: boolean }> {
  const [raw] = await sqlRunner(ctx.db).rows<
    RawInvitationRow & { signedIn: { email: string | null; emailVerified: boolean } | null }
  >(BY_TOKEN_SQL, [hashInvitationToken(token), userId]);
  if (!raw) throw invitationNotFound();
  const { signedIn, ...row } = raw;
  return {
    row: invitationRowOf(row),
    match: inviteeMatchOf(row.invitee, signedIn),
    emailVerified: signedIn?.emailVerified ?? false,
  };
}
