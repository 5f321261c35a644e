import { invitationRef, type InvitationRef } from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { loadInvitationForAdmin } from "./load-invitation.ts";
import { invitationNotFound } from "./select.ts";

/**
 * Deletes an invitation whatever its status (Management API `DELETE`). Its emails stay in
 * the outbox, unlinked.
 * @throws invitation.not_found
 */
export async function deleteInvitation(ctx: ServiceContext, input: InvitationRef): Promise<void> {
  assertCanManageTenant(ctx);
  const { id } = parseInput(invitationRef, input);
  const row = await loadInvitationForAdmin(ctx, id);
  await ctx.db.$transaction(async (tx) => {
    const gone = await tx.organizationInvitation.deleteMany({ where: { id } });
    if (gone.count === 0) throw invitationNotFound(id);
    await recordAudit(tx, ctx, {
      action: "invitation.deleted",
      targetType: "invitation",
      targetId: id,
      organizationId: row.organizationId,
    });
  });
}
