import type { Invitation } from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { now, type ServiceContext } from "../context.ts";
import {
  effectiveStatus,
  invitationNotFound,
  invitationSelect,
  notPending,
  toInvitation,
  type InvitationRow,
} from "./select.ts";

/**
 * Moves a Pending, unexpired invitation to `status` (revoke, decline), with an audit entry.
 * The conditional update is the guard against races.
 * @throws invitation.not_found, invitation.expired, invitation.already_ended
 */
export async function endPending(
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
      const again = await tx.organizationInvitation.findUnique({
        where: { id: row.id },
        select: { status: true, expiresAt: true },
      });
      throw again ? notPending(effectiveStatus(again, at)) : invitationNotFound(row.id);
    }
    await recordAudit(tx, ctx, {
      action,
      targetType: "invitation",
      targetId: row.id,
      organizationId: row.organizationId,
    });
    return tx.organizationInvitation.findUniqueOrThrow({
      where: { id: row.id },
      select: invitationSelect,
    });
  });
  return toInvitation(updated, at);
}
