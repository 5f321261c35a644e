import { invitationRef, type Invitation, type InvitationRef } from "@guildhall/validators";
import type { ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { endPending } from "./end-pending.ts";
import { loadInvitationForAdmin } from "./load-invitation.ts";

/**
 * Revokes a pending invitation: its link stops working at once.
 * @throws invitation.not_found, invitation.expired, invitation.already_ended
 */
export async function revokeInvitation(
  ctx: ServiceContext,
  input: InvitationRef,
): Promise<Invitation> {
  const { id } = parseInput(invitationRef, input);
  return endPending(ctx, await loadInvitationForAdmin(ctx, id), "Revoked", "invitation.revoked");
}
