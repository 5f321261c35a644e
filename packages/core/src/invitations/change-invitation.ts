import { enqueueEmail } from "@guildhall/email";
import type { Prisma } from "@guildhall/db";
import {
  invitationRef,
  invitationTokenInput,
  resendInvitationInput,
  type Invitation,
  type InvitationRef,
  type InvitationTokenInput,
  type InvitationWithLink,
  type ResendInvitationInput,
} from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanManageTenant, assertAdminOrManagementApi, now, type ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { parseInput } from "../parse.ts";
import { assertEmailAllowed, emailSealer, renderInvitationEmail } from "./email.ts";
import {
  actorUserId,
  effectiveStatus,
  invitationNotFound,
  invitationSelect,
  notPending,
  toInvitation,
  type InvitationContext,
  type InvitationRow,
} from "./select.ts";
import { generateInvitationToken, hashInvitationToken, invitationLink } from "./token.ts";

/** Loads an invitation for an admin action: tenant managers, and console admins for console invitations. */
async function loadForAdmin(ctx: ServiceContext, id: string): Promise<InvitationRow> {
  assertCanManageTenant(ctx);
  const row = await ctx.db.organizationInvitation.findUnique({ where: { id }, select: invitationSelect });
  if (!row) throw invitationNotFound(id);
  if (!row.organizationId) assertAdminOrManagementApi(ctx);
  return row;
}

/** Moves a Pending, unexpired row to `status` (the conditional update is the guard against races). */
async function endPending(
  ctx: ServiceContext,
  row: InvitationRow,
  status: "Revoked" | "Declined",
  action: string,
): Promise<Invitation> {
  const at = now(ctx);
  const current = effectiveStatus(row, at);
  if (current !== "Pending") throw notPending(current);
  const updated = await ctx.db.$transaction(async (tx) => {
    const moved = await tx.organizationInvitation.updateMany({
      where: { id: row.id, status: "Pending", expiresAt: { gt: at } },
      data: { status, pendingKey: null },
    });
    if (moved.count === 0) {
      const again = await tx.organizationInvitation.findUnique({ where: { id: row.id }, select: { status: true, expiresAt: true } });
      throw again ? notPending(effectiveStatus(again, at)) : invitationNotFound(row.id);
    }
    await recordAudit(tx, ctx, { action, targetType: "invitation", targetId: row.id, organizationId: row.organizationId });
    return tx.organizationInvitation.findUniqueOrThrow({ where: { id: row.id }, select: invitationSelect });
  });
  return toInvitation(updated, at);
}

/**
 * Revokes a pending invitation: its link stops working at once.
 * @throws invitation.not_found, invitation.expired, invitation.already_ended
 */
export async function revokeInvitation(ctx: ServiceContext, input: InvitationRef): Promise<Invitation> {
  // Authorize before validating, so a caller without rights learns nothing from the answer.
  assertCanManageTenant(ctx);
  const { id } = parseInput(invitationRef, input);
  return endPending(ctx, await loadForAdmin(ctx, id), "Revoked", "invitation.revoked");
}

/**
 * Declines as the signed-in invitee, with the token from the link.
 * @throws auth.unauthenticated, invitation.not_found, invitation.email_mismatch, invitation.expired, invitation.already_ended
 */
export async function declineInvitation(ctx: ServiceContext, input: InvitationTokenInput): Promise<Invitation> {
  const userId = actorUserId(ctx.actor);
  if (!userId) throw new DomainError("auth.unauthenticated", "Sign in to answer this invitation.");
  const { token } = parseInput(invitationTokenInput, input);
  const row = await ctx.db.organizationInvitation.findUnique({ where: { tokenHash: hashInvitationToken(token) }, select: invitationSelect });
  if (!row) throw invitationNotFound();
  const user = await ctx.db.user.findUnique({ where: { id: userId }, select: { email: true } });
  if (user?.email.toLowerCase() !== row.invitee) {
    throw new DomainError("invitation.email_mismatch", `This invitation is for ${row.invitee}. Switch account to decline it.`, { invitee: row.invitee });
  }
  return endPending(ctx, row, "Declined", "invitation.declined");
}

/**
 * Deletes an invitation whatever its status (Management API `DELETE`). Its emails stay in
 * the outbox, unlinked.
 * @throws invitation.not_found
 */
export async function deleteInvitation(ctx: ServiceContext, input: InvitationRef): Promise<void> {
  assertCanManageTenant(ctx);
  const { id } = parseInput(invitationRef, input);
  const row = await loadForAdmin(ctx, id);
  await ctx.db.$transaction(async (tx) => {
    const gone = await tx.organizationInvitation.deleteMany({ where: { id } });
    if (gone.count === 0) throw invitationNotFound(id);
    await recordAudit(tx, ctx, { action: "invitation.deleted", targetType: "invitation", targetId: id, organizationId: row.organizationId });
  });
}

/**
 * Sends the invitation again, with a **new link**: only the hash of a token is stored, so
 * the old link cannot be sent again, and rotating means a forwarded or leaked older email
 * stops working. At most 10 emails per invitee per 10 minutes (creates included).
 * @throws invitation.not_found, invitation.expired, invitation.already_ended, rate_limited
 */
export async function resendInvitation(ctx: InvitationContext, input: ResendInvitationInput): Promise<InvitationWithLink> {
  assertCanManageTenant(ctx);
  const { id, baseUrl, messagePayload } = parseInput(resendInvitationInput, input);
  const row = await loadForAdmin(ctx, id);
  const at = now(ctx);
  const status = effectiveStatus(row, at);
  if (status !== "Pending") throw notPending(status);
  await assertEmailAllowed(ctx.db, row.invitee, at);
  const sealer = emailSealer(ctx);

  const organization = row.organizationId
    ? await ctx.db.organization.findUnique({ where: { id: row.organizationId }, select: { name: true, branding: true } })
    : null;
  const token = generateInvitationToken();
  const link = invitationLink(baseUrl, token);
  const { kind, email } = await renderInvitationEmail({
    invitee: row.invitee,
    link,
    expiresAt: row.expiresAt,
    inviter: row.inviter,
    organization,
    consoleRole: row.consoleRole,
    roles: row.roles.map((r) => r.role.name),
  });
  const updated = await ctx.db.$transaction(async (tx) => {
    const moved = await tx.organizationInvitation.updateMany({
      where: { id, status: "Pending", expiresAt: { gt: at } },
      data: {
        tokenHash: hashInvitationToken(token),
        ...(messagePayload ? { messagePayload: messagePayload as Prisma.InputJsonObject } : {}),
      },
    });
    if (moved.count === 0) {
      const again = await tx.organizationInvitation.findUnique({ where: { id }, select: { status: true, expiresAt: true } });
      throw again ? notPending(effectiveStatus(again, at)) : invitationNotFound(id);
    }
    await enqueueEmail(tx, { kind, to: row.invitee, ...email, invitationId: id }, sealer);
    await recordAudit(tx, ctx, { action: "invitation.resent", targetType: "invitation", targetId: id, organizationId: row.organizationId });
    return tx.organizationInvitation.findUniqueOrThrow({ where: { id }, select: invitationSelect });
  });
  ctx.onEmailQueued?.();
  return { invitation: toInvitation(updated, at), link };
}
