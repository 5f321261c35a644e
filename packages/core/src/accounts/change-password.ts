import { changeOwnPasswordInput, type ChangeOwnPasswordInput } from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { hashPassword, verifyPassword } from "../auth/password.ts";
import { passThrottle } from "../auth/throttle.ts";
import { consoleSessionId } from "../console-sessions/create-console-session.ts";
import { endOtherUserSessions } from "../console-sessions/end-console-session.ts";
import type { ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { parseInput } from "../parse.ts";
import { userNotFound } from "../users/get-user.ts";
import type { AccountFlowOptions } from "./options.ts";
import { checkPasswordPolicy } from "./password-policy.ts";
import { selfUserId } from "./self.ts";
import { currentPasswordChecks } from "./throttles.ts";

export interface ChangeOwnPasswordOptions extends Partial<AccountFlowOptions> {
  /** The session token of the request (next-auth's `sid`): that session stays signed in. */
  keepSessionToken?: string | undefined;
}

/**
 * "Change password" on the account page: needs the current password (wrong guesses are
 * throttled per account like sign-in), the new one must meet the policy. Every other
 * session of the user ends (other console sessions, OIDC grants and refresh tokens); the
 * session making the change (`keepSessionToken`) stays.
 * @throws password.incorrect, password.not_set, password.rejected, rate_limited, auth.forbidden
 */
export async function changeOwnPassword(
  ctx: ServiceContext,
  input: ChangeOwnPasswordInput,
  opts: ChangeOwnPasswordOptions = {},
): Promise<void> {
  const userId = selfUserId(ctx);
  const { currentPassword, newPassword } = parseInput(changeOwnPasswordInput, input);
  const user = await ctx.db.user.findUnique({
    where: { id: userId },
    select: { email: true, username: true, name: true, passwordHash: true },
  });
  if (!user) throw userNotFound(userId);
  if (!user.passwordHash) {
    throw new DomainError(
      "password.not_set",
      "Your account has no password yet. Use “Forgot password” on the sign-in page to set one.",
    );
  }
  const gate = await passThrottle(ctx.db, currentPasswordChecks(userId), opts.now ?? ctx.now);
  if (!(await verifyPassword(currentPassword, user.passwordHash))) {
    throw new DomainError("password.incorrect", "The current password is incorrect.");
  }
  await gate.succeeded();
  await checkPasswordPolicy(ctx.db, newPassword, [
    user.email ?? "",
    user.username ?? "",
    user.name ?? "",
  ]);
  const passwordHash = await hashPassword(newPassword);
  const keep = opts.keepSessionToken ? consoleSessionId(opts.keepSessionToken) : null;
  await ctx.db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { passwordHash } });
    const ended = await endOtherUserSessions(tx, userId, keep);
    await recordAudit(tx, ctx, {
      action: "user.password_changed",
      targetType: "user",
      targetId: userId,
      data: { endedSessions: ended },
    });
  });
}
