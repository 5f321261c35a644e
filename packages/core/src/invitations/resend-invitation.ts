import { enqueueEmail } from "@guildhall/email";
import type { Prisma } from "@guildhall/db";
import { BUILT_IN_PERMISSIONS } from "@guildhall/validators";
import {
  resendInvitationInput,
  type InvitationWithLink,
  type ResendInvitationInput,
} from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { now } from "../context.ts";
import { parseInput } from "../parse.ts";
import { assertEmailAllowed, emailSealer, renderInvitationEmail } from "./email.ts";
import { loadInvitationForAdmin } from "./load-invitation.ts";
import { assertPending, updateWhilePending } from "./pending.ts";
import { invitationSelect, toInvitation, type InvitationContext } from "./select.ts";
import { generateInvitationToken, hashInvitationToken, invitationLink } from "./token.ts";

/**
 * Sends the invitation again, with a **new link**: only the hash of a token is stored, so
 * the old link cannot be sent again, and rotating means a forwarded or leaked older email
 * stops working. At most 10 emails per invitee per 10 minutes (creates included).
 * @throws invitation.not_found, invitation.expired, invitation.already_ended, rate_limited
 */
export async function resendInvitation(
  ctx: InvitationContext,
  input: ResendInvitationInput,
): Promise<InvitationWithLink> {
  const { id, baseUrl, messagePayload } = parseInput(resendInvitationInput, input);
  // Resending is part of inviting: members who may invite may resend.
  const row = await loadInvitationForAdmin(ctx, id, BUILT_IN_PERMISSIONS.membersInvite);
  const at = now(ctx);
  assertPending(row, at);
  await assertEmailAllowed(ctx.db, row.invitee, at);
  const sealer = emailSealer(ctx);

  const organization = row.organizationId
    ? await ctx.db.organization.findUnique({
        where: { id: row.organizationId },
        select: { name: true, branding: true, color: true },
      })
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
    await updateWhilePending(tx, id, at, {
      tokenHash: hashInvitationToken(token),
      ...(messagePayload ? { messagePayload: messagePayload as Prisma.InputJsonObject } : {}),
    });
    await enqueueEmail(tx, { kind, to: row.invitee, ...email, invitationId: id }, sealer);
    await recordAudit(tx, ctx, {
      action: "invitation.resent",
      targetType: "invitation",
      targetId: id,
      organizationId: row.organizationId,
    });
    return tx.organizationInvitation.findUniqueOrThrow({ where: { id }, select: invitationSelect });
  });
  ctx.onEmailQueued?.();
  return { invitation: toInvitation(updated, at), link };
}
