import {
  invitationTokenInput,
  signUpWithInvitationInput,
  storedBranding,
  storedColor,
  type InvitationLanding,
  type InvitationTokenInput,
  type SignUpWithInvitationInput,
} from "@guildhall/validators";
import { hashPassword } from "../auth/password.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { now, type ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { parseInput } from "../parse.ts";
import { isUniqueViolation } from "../prisma-errors.ts";
import { emailTaken } from "../users/get-user.ts";
import { provisionJustInTime } from "../jit/provision-just-in-time.ts";
import { matchInvitee } from "./invitee.ts";
import { assertPending } from "./pending.ts";
import { actorUserId, effectiveStatus, invitationNotFound } from "./select.ts";
import { hashInvitationToken } from "./token.ts";

const endedState = {
  Accepted: "accepted",
  Declined: "declined",
  Expired: "expired",
  Revoked: "revoked",
} as const;

/**
 * What the landing page `/invite/<token>` shows. Anyone holding the link may call it (the
 * token is the credential). Only a pending invitation reveals its details; an ended one
 * says only how it ended; a bad token says nothing at all. `viewer` says what the caller
 * (the signed-in user in `ctx.actor`, or nobody) can do, by the same rule accept and
 * decline enforce, so the page never decides who may answer.
 */
export async function getInvitationLanding(
  ctx: ServiceContext,
  input: InvitationTokenInput,
): Promise<InvitationLanding> {
  const parsed = invitationTokenInput.safeParse(input);
  if (!parsed.success) return { state: "not_found" };
  const row = await ctx.db.organizationInvitation.findUnique({
    where: { tokenHash: hashInvitationToken(parsed.data.token) },
    select: {
      id: true,
      invitee: true,
      status: true,
      expiresAt: true,
      consoleRole: true,
      organization: {
        select: { id: true, name: true, branding: true, color: true, customCss: true },
      },
      inviter: { select: { name: true, email: true } },
      roles: { select: { role: { select: { name: true } } }, orderBy: { role: { name: "asc" } } },
    },
  });
  if (!row) return { state: "not_found" };
  const status = effectiveStatus(row, now(ctx));
  if (status !== "Pending") return { state: endedState[status] };
  const account = await ctx.db.user.findUnique({
    where: { email: row.invitee },
    select: { id: true },
  });
  const userId = actorUserId(ctx.actor);
  const match = userId ? await matchInvitee(ctx.db, row.invitee, userId) : null;
  // A signed-in user whose account is gone is treated as signed out.
  const viewer =
    match?.kind === "invitee" || match?.kind === "other_account"
      ? match.kind
      : account
        ? "sign_in"
        : "sign_up";
  // Only branding today's rules accept (no `javascript:` logo from an older row).
  const b = storedBranding.safeParse(row.organization?.branding ?? {}).data ?? {};
  const color = storedColor.safeParse(row.organization?.color ?? {}).data ?? {};
  return {
    state: "pending",
    id: row.id,
    kind: row.organization ? "organization" : "console",
    invitee: row.invitee,
    organization: row.organization
      ? {
          id: row.organization.id,
          name: row.organization.name,
          logoUrl: b.logoUrl ?? null,
          darkLogoUrl: b.darkLogoUrl ?? null,
          favicon: b.favicon ?? null,
          darkFavicon: b.darkFavicon ?? null,
          primaryColor: color.primaryColor ?? null,
          darkPrimaryColor: color.darkPrimaryColor ?? null,
          isDarkModeEnabled: color.isDarkModeEnabled ?? null,
          customCss: row.organization.customCss,
        }
      : null,
    consoleRole: row.consoleRole,
    inviter: row.inviter,
    organizationRoles: row.roles.map((r) => r.role.name),
    expiresAt: row.expiresAt,
    inviteeHasAccount: account !== null,
    viewer,
  };
}

/**
 * Creates the invitee's account from the link: the email is the invitee's and counts as
 * verified (the link reached that inbox). Does not accept: the user signs in and accepts.
 * @throws invitation.not_found, invitation.expired, invitation.already_ended, user.email_taken
 */
export async function signUpWithInvitation(
  ctx: ServiceContext,
  input: SignUpWithInvitationInput,
): Promise<{ email: string }> {
  const { token, name, password } = parseInput(signUpWithInvitationInput, input);
  const row = await ctx.db.organizationInvitation.findUnique({
    where: { tokenHash: hashInvitationToken(token) },
    select: { id: true, invitee: true, status: true, expiresAt: true, organizationId: true },
  });
  if (!row) throw invitationNotFound();
  const at = now(ctx);
  assertPending(row, at);
  const passwordHash = await hashPassword(password);
  try {
    await ctx.db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: row.invitee, name, passwordHash, emailVerifiedAt: at },
        select: { id: true },
      });
      const asUser: ServiceContext = { ...ctx, actor: { type: "user", userId: user.id } };
      await recordAudit(tx, asUser, {
        action: "user.signed_up",
        targetType: "user",
        targetId: user.id,
        organizationId: row.organizationId,
        data: { invitationId: row.id },
      });
      await provisionJustInTime(
        tx,
        { userId: user.id, email: row.invitee, emailVerified: true, reason: "invitation", now: at },
        asUser,
      );
    });
  } catch (error) {
    if (isUniqueViolation(error, "users_email_key")) {
      const e = emailTaken(row.invitee);
      throw new DomainError(
        e.code,
        `An account for ${row.invitee} already exists. Sign in instead.`,
        e.data,
      );
    }
    throw error;
  }
  return { email: row.invitee };
}
