import type { Db } from "@guildhall/db";
import {
  requestPasswordResetInput,
  resetPasswordInput,
  sendPasswordResetInput,
  type RequestPasswordResetInput,
  type ResetPasswordInput,
  type SendPasswordResetInput,
} from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { hashPassword } from "../auth/password.ts";
import { recordEmailVerified } from "../jit/email-verified.ts";
import { passThrottle } from "../auth/throttle.ts";
import { assertMayManageAccount } from "../console-members/protect-admin-accounts.ts";
import { endAllUserSessions } from "../console-sessions/end-console-session.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { userNotFound } from "../users/get-user.ts";
import { requireEmail } from "../users/identifiers.ts";
import {
  checkLinkToken,
  consumeCode,
  generateLinkToken,
  issueCode,
  linkInvalid,
  RESET_TTL_MS,
} from "./codes.ts";
import {
  ACCOUNT_PAGES,
  accountLink,
  queueAccountEmail,
  renderAccountEmail,
  type AccountEmail,
} from "./email.ts";
import { flowNow, type AccountFlowOptions } from "./options.ts";
import { checkPasswordPolicy } from "./password-policy.ts";
import { emailRequestChecks } from "./throttles.ts";

async function prepareResetEmail(
  email: string,
  opts: AccountFlowOptions,
): Promise<{ linkToken: string; mail: AccountEmail }> {
  const linkToken = generateLinkToken();
  const mail = await renderAccountEmail("password-reset", email, {
    email,
    link: accountLink(opts.baseUrl, ACCOUNT_PAGES.resetPassword, linkToken),
    expiresInMinutes: RESET_TTL_MS / 60_000,
  });
  return { linkToken, mail };
}

/**
 * Stores the reset token (earlier ones of the user stop working) and queues its email.
 * `ctx` is who asked, for the audit entry.
 */
async function issueReset(
  ctx: ServiceContext,
  user: { id: string; email: string },
  prepared: { linkToken: string; mail: AccountEmail },
  at: Date,
  opts: AccountFlowOptions,
): Promise<void> {
  await ctx.db.$transaction(async (tx) => {
    await issueCode(
      tx,
      {
        userId: user.id,
        purpose: "password_reset",
        email: user.email,
        code: null,
        linkToken: prepared.linkToken,
        now: at,
        ttlMs: RESET_TTL_MS,
      },
      opts.instanceSecret,
    );
    await queueAccountEmail(tx, prepared.mail, opts);
    await recordAudit(tx, ctx, {
      action: "user.password_reset_sent",
      targetType: "user",
      targetId: user.id,
    });
  });
  opts.onEmailQueued?.();
}

/**
 * "Forgot password": emails a single-use link (`/reset-password?token=…`, 1 hour) to the
 * address if it has an account. The answer is the same either way (nothing, or the same
 * `rate_limited`), and so is most of the work: the email is rendered on both paths.
 * Throttled per address (known or not) and per IP.
 * @throws rate_limited, guard.invalid_input
 * @example await requestPasswordReset(db, { email }, { baseUrl, instanceSecret, ip });
 */
export async function requestPasswordReset(
  db: Db,
  input: RequestPasswordResetInput,
  opts: AccountFlowOptions,
): Promise<void> {
  const { email } = parseInput(requestPasswordResetInput, input);
  await passThrottle(db, emailRequestChecks("password_reset", email, opts.ip), opts.now);
  const at = flowNow(opts);
  const user = await db.user.findUnique({ where: { email }, select: { id: true, email: true } });
  const prepared = await prepareResetEmail(email, opts);
  if (!user) return;
  await issueReset({ db, actor: { type: "system" } }, { id: user.id, email }, prepared, at, opts);
}

/**
 * An admin's "send password reset" (console or Management API): the same email as "forgot
 * password", for a user who cannot ask themself. Collaborators cannot target a console
 * admin's account.
 * @throws auth.forbidden, user.not_found
 */
export async function sendPasswordReset(
  ctx: ServiceContext,
  input: SendPasswordResetInput,
  opts: AccountFlowOptions,
): Promise<void> {
  assertCanManageTenant(ctx);
  const { userId } = parseInput(sendPasswordResetInput, input);
  await ctx.db.$transaction((tx) => assertMayManageAccount(tx, ctx, userId));
  const user = await ctx.db.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true },
  });
  if (!user) throw userNotFound(userId);
  const recipient = requireEmail(user, "no password reset email can be sent");
  const at = flowNow({ now: opts.now ?? ctx.now });
  await issueReset(ctx, recipient, await prepareResetEmail(recipient.email, opts), at, opts);
}

/**
 * Sets a new password with the link from a reset email. The password must meet the policy
 * (checked before the link is spent, so a refused password leaves it usable). Then, in one
 * transaction: the link is spent (exactly one of two concurrent uses succeeds), the password
 * changes, every session of the user ends (console sessions, OIDC grants and refresh
 * tokens), and an unverified address becomes verified: the reset proved the user reads it.
 * @throws code.invalid, password.rejected, guard.invalid_input
 */
export async function resetPassword(
  db: Db,
  input: ResetPasswordInput,
  opts: AccountFlowOptions,
): Promise<{ userId: string }> {
  const { token, password } = parseInput(resetPasswordInput, input);
  const at = flowNow(opts);
  const redeemed = await checkLinkToken(db, "password_reset", token, at);
  const user = await db.user.findUnique({
    where: { id: redeemed.userId },
    select: { email: true, name: true },
  });
  // The address changed since the link was sent: the link belongs to the old one.
  if (user?.email !== redeemed.email) throw linkInvalid();
  await checkPasswordPolicy(db, password, [user.email, user.name ?? ""]);
  const passwordHash = await hashPassword(password);
  await db.$transaction(async (tx) => {
    await consumeCode(tx, redeemed.id, at, linkInvalid);
    await tx.user.update({ where: { id: redeemed.userId }, data: { passwordHash } });
    const asUser: ServiceContext = { db, actor: { type: "user", userId: redeemed.userId } };
    // The reset link reached the address: it is verified now (if it is still the user's).
    await recordEmailVerified(tx, { userId: redeemed.userId, email: redeemed.email, at }, asUser);
    // Other reset links of the user end too: one reset per request.
    await tx.oneTimeCode.updateMany({
      where: { userId: redeemed.userId, purpose: "password_reset", consumedAt: null },
      data: { expiresAt: at },
    });
    const ended = await endAllUserSessions(tx, redeemed.userId);
    await recordAudit(tx, asUser, {
      action: "user.password_reset",
      targetType: "user",
      targetId: redeemed.userId,
      data: { endedSessions: ended },
    });
  });
  return { userId: redeemed.userId };
}
