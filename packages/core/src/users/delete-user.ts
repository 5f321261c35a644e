import { userRef, type UserRef } from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { assertKeepsAnActiveAdmin } from "../console-members/last-admin.ts";
import { assertMayManageAccount } from "../console-members/protect-admin-accounts.ts";
import { endUserOidcSessions } from "../console-sessions/end-console-session.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { translateWriteErrors } from "../prisma-errors.ts";
import { userNotFound } from "./get-user.ts";

/**
 * Deletes a user. Their memberships, organization roles and console access go with them
 * (the rows cascade), and so do their console sessions, in the same statement; their OIDC
 * sessions, grants and tokens are deleted in the same transaction; invitations they sent
 * stay, without an inviter.
 * @throws user.not_found, console_member.last_admin
 */
export async function deleteUser(ctx: ServiceContext, input: UserRef): Promise<void> {
  assertCanManageTenant(ctx);
  const { id } = parseInput(userRef, input);
  await translateWriteErrors(
    () =>
      ctx.db.$transaction(async (tx) => {
        await assertMayManageAccount(tx, ctx, id);
        await assertKeepsAnActiveAdmin(tx, id);
        const deleted = await tx.user.delete({ where: { id }, select: { email: true } });
        await endUserOidcSessions(tx, id);
        await recordAudit(tx, ctx, {
          action: "user.deleted",
          targetType: "user",
          targetId: id,
          data: { email: deleted.email },
        });
      }),
    { notFound: () => userNotFound(id) },
  );
}
