import type { Prisma } from "@guildhall/db";
import {
  acceptInvitationByIdInput,
  invitationTokenInput,
  type AcceptedInvitation,
  type AcceptInvitationByIdInput,
  type InvitationTokenInput,
} from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanManageTenant, now, type ServiceContext } from "../context.ts";
import { provisionJustInTime } from "../jit/provision-just-in-time.ts";
import { DomainError } from "../errors.ts";
import { parseInput } from "../parse.ts";
import { assertInvitee, findByToken, requireSignedIn } from "./invitee.ts";
import { loadInvitationForAdmin } from "./load-invitation.ts";
import { assertPending, updateWhilePending } from "./pending.ts";
import { invitationSelect, toInvitation, type InvitationRow } from "./select.ts";

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
  const row = await findByToken(ctx, token);
  await assertInvitee(ctx, row, userId, "accept");
  return accept(ctx, row, userId, true);
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

  const updated = await ctx.db.$transaction(async (tx) => {
    // Of two concurrent accepts, exactly one moves the row; the other is told why not.
    await updateWhilePending(tx, row.id, at, {
      status: "Accepted",
      pendingKey: null,
      acceptedUserId: userId,
    });
    if (row.organizationId) {
      const organizationId = row.organizationId;
      await tx.organizationMember.createMany({
        data: [{ organizationId, userId }],
        skipDuplicates: true,
      });
      if (roleIds.length) {
        await tx.organizationMemberRole.createMany({
          data: roleIds.map((roleId) => ({ organizationId, userId, roleId })),
          skipDuplicates: true,
        });
      }
    } else if (row.consoleRole) {
      await grantConsoleRole(tx, userId, row.consoleRole);
    }
    if (verifiesEmail) {
      const verified = await tx.user.updateMany({
        where: { id: userId, emailVerifiedAt: null },
        data: { emailVerifiedAt: at },
      });
      // The link reached the inbox: the address is verified now, so its domain may provision.
      if (verified.count > 0) {
        await provisionJustInTime(
          tx,
          { userId, email: row.invitee, emailVerified: true, reason: "invitation", now: at },
          ctx,
        );
      }
    }
    await recordAudit(tx, ctx, {
      action: "invitation.accepted",
      targetType: "invitation",
      targetId: row.id,
      organizationId: row.organizationId,
      data: { userId, organizationRoleIds: roleIds, consoleRole: row.consoleRole },
    });
    return tx.organizationInvitation.findUniqueOrThrow({
      where: { id: row.id },
      select: invitationSelect,
    });
  });
  return {
    invitation: toInvitation(updated, at),
    organization: updated.organization,
    organizationRoles: updated.roles.map((r) => r.role),
    consoleRole: updated.consoleRole,
  };
}

/** Console invitations never demote: an admin invited as collaborator stays admin. */
async function grantConsoleRole(
  tx: Prisma.TransactionClient,
  userId: string,
  role: "admin" | "collaborator",
) {
  const existing = await tx.consoleMember.findUnique({ where: { userId }, select: { role: true } });
  if (!existing) await tx.consoleMember.create({ data: { userId, role } });
  else if (existing.role === "collaborator" && role === "admin")
    await tx.consoleMember.update({ where: { userId }, data: { role } });
}
