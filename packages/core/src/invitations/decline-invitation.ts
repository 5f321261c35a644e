import {
  invitationTokenInput,
  type Invitation,
  type InvitationTokenInput,
} from "@guildhall/validators";
import type { ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { endPending } from "./end-pending.ts";
import { findByTokenFor, refuseUnlessInvitee, requireSignedIn } from "./invitee.ts";

/**
 * Declines as the signed-in invitee, with the token from the link.
 * @throws auth.unauthenticated, invitation.not_found, user.not_found, invitation.email_mismatch,
 *   invitation.expired, invitation.already_ended
 */
export async function declineInvitation(
  ctx: ServiceContext,
  input: InvitationTokenInput,
): Promise<Invitation> {
  const userId = requireSignedIn(ctx);
  const { token } = parseInput(invitationTokenInput, input);
  const { row, match } = await findByTokenFor(ctx, token, userId);
  refuseUnlessInvitee(row, userId, match, "decline");
  return endPending(ctx, row, "Declined", "invitation.declined");
}
