import type { Invitation } from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { now, type ServiceContext } from "../context.ts";
import { assertPending, updateWhilePending } from "./pending.ts";
import { invitationSelect, toInvitation, type InvitationRow } from "./select.ts";

/**
 * Moves a Pending, unexpired invitation to `status` (revoke, decline), with an audit entry.
 * `updateWhilePending` is the guard against races.
 * @throws invitation.not_found, invitation.expired, invitation.already_ended
 */
export async function endPending(
  ctx: ServiceContext,
  row: InvitationRow,
  status: "Revoked" | "Declined",
  action: string,
): Promise<Invitation> {
  const at = now(ctx);
  assertPending(row, at);
  const updated = await ctx.db.$transaction(async (tx) => {
    await updateWhilePending(tx, row.id, at, { status, pendingKey: null });
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
