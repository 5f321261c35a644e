import {
  setUserSuspendedInput,
  type SetUserSuspendedInput,
  type User,
} from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { assertKeepsAnActiveAdmin } from "../console-members/last-admin.ts";
import { assertMayManageAccount } from "../console-members/protect-admin-accounts.ts";
import { endAllUserSessions } from "../console-sessions/end-console-session.ts";
import { assertCanManageTenant, now, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { userNotFound } from "./get-user.ts";
import { toUser, userSelect } from "./select.ts";

/**
 * Suspends a user (they can no longer sign in) or lifts the suspension. Setting the state
 * the user is already in changes nothing. Suspending ends all of the user's sessions, console
 * and applications (refresh tokens included); lifting it brings none back.
 * @throws user.not_found, console_member.last_admin (suspending the last active admin)
 */
export async function setUserSuspended(
  ctx: ServiceContext,
  input: SetUserSuspendedInput,
): Promise<User> {
  assertCanManageTenant(ctx);
  const { id, isSuspended } = parseInput(setUserSuspendedInput, input);
  return ctx.db.$transaction(async (tx) => {
    await assertMayManageAccount(tx, ctx, id);
    if (isSuspended) await assertKeepsAnActiveAdmin(tx, id);
    const current = await tx.user.findUnique({ where: { id }, select: userSelect });
    if (!current) throw userNotFound(id);
    if ((current.suspendedAt !== null) === isSuspended) return toUser(current);
    const row = await tx.user.update({
      where: { id },
      data: { suspendedAt: isSuspended ? now(ctx) : null },
      select: userSelect,
    });
    if (isSuspended) await endAllUserSessions(tx, id);
    await recordAudit(tx, ctx, {
      action: isSuspended ? "user.suspended" : "user.unsuspended",
      targetType: "user",
      targetId: id,
      data: { isSuspended },
    });
    return toUser(row);
  });
}
