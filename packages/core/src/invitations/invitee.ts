import type { Db } from "@guildhall/db";
import type { ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { userNotFound } from "../users/get-user.ts";
import { actorUserId, invitationNotFound, invitationSelect, type InvitationRow } from "./select.ts";
import { hashInvitationToken } from "./token.ts";

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
  const match = await matchInvitee(ctx.db, row.invitee, userId);
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

/** The invitation a link's token opens. @throws invitation.not_found */
export async function findByToken(ctx: ServiceContext, token: string): Promise<InvitationRow> {
  const row = await ctx.db.organizationInvitation.findUnique({
    where: { tokenHash: hashInvitationToken(token) },
    select: invitationSelect,
  });
  if (!row) throw invitationNotFound();
  return row;
}
