import {
  confirmEmailChangeInput,
  requestEmailChangeInput,
  type ConfirmEmailChangeInput,
  type RequestEmailChangeInput,
} from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { provisionJustInTime } from "../jit/provision-just-in-time.ts";
import { passThrottle } from "../auth/throttle.ts";
import type { ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { parseInput } from "../parse.ts";
import { isUniqueViolation } from "../prisma-errors.ts";
import { emailTaken, userNotFound } from "../users/get-user.ts";
import { checkCode, CODE_TTL_MS, consumeCode, generateCode, issueCode } from "./codes.ts";
import { queueAccountEmail, renderAccountEmail } from "./email.ts";
import { flowNow, type AccountFlowOptions } from "./options.ts";
import { assertResendAllowed } from "./resend-limit.ts";
import { lockUser, selfUserId } from "./self.ts";
import { codeEntryChecks } from "./throttles.ts";

const clock = (ctx: ServiceContext, opts: AccountFlowOptions) =>
  flowNow({ now: opts.now ?? ctx.now });

/**
 * Starts changing the user's email: a code goes to the NEW address (proving the user reads
 * it); the address changes when the code is confirmed. Whether the new address already has
 * an account is not said here (that would let anyone signed in probe addresses): the code
 * is sent anyway, and only its holder learns at confirmation that the address is taken.
 * At most one email a minute and 5 an hour.
 * @throws guard.invalid_input, rate_limited, auth.forbidden
 */
export async function requestEmailChange(
  ctx: ServiceContext,
  input: RequestEmailChangeInput,
  opts: AccountFlowOptions,
): Promise<void> {
  const userId = selfUserId(ctx);
  const { newEmail } = parseInput(requestEmailChangeInput, input);
  const at = clock(ctx, opts);
  const user = await ctx.db.user.findUnique({ where: { id: userId }, select: { email: true } });
  if (!user) throw userNotFound(userId);
  if (user.email === newEmail) {
    const message = "This is already your email address.";
    throw new DomainError("guard.invalid_input", `newEmail: ${message}`, {
      issues: [{ path: ["newEmail"], message }],
    });
  }
  const code = generateCode([newEmail]);
  const mail = await renderAccountEmail("email-change", newEmail, {
    newEmail,
    code,
    expiresInMinutes: CODE_TTL_MS / 60_000,
  });
  await ctx.db.$transaction(async (tx) => {
    await lockUser(tx, userId);
    await assertResendAllowed(tx, userId, "email_change", at);
    await issueCode(
      tx,
      {
        userId,
        purpose: "email_change",
        email: newEmail,
        code,
        linkToken: null,
        now: at,
        ttlMs: CODE_TTL_MS,
      },
      opts.instanceSecret,
    );
    await queueAccountEmail(tx, mail, opts);
    await recordAudit(tx, ctx, {
      action: "user.email_change_requested",
      targetType: "user",
      targetId: userId,
      data: { newEmail },
    });
  });
  opts.onEmailQueued?.();
}

/**
 * Confirms the email change with the code sent to the new address: the address becomes the
 * account's email, verified. Codes: 5 tries, 10 minutes, single use, throttled per user.
 * @throws code.invalid, user.email_taken, rate_limited, auth.forbidden
 */
export async function confirmEmailChange(
  ctx: ServiceContext,
  input: ConfirmEmailChangeInput,
  opts: AccountFlowOptions,
): Promise<{ email: string }> {
  const userId = selfUserId(ctx);
  const { code } = parseInput(confirmEmailChangeInput, input);
  const gate = await passThrottle(
    ctx.db,
    codeEntryChecks(`user:${userId}`, opts.ip),
    opts.now ?? ctx.now,
  );
  const at = clock(ctx, opts);
  const redeemed = await checkCode(
    ctx.db,
    { purpose: "email_change", userId },
    code,
    opts.instanceSecret,
    at,
  );
  await gate.succeeded();
  const newEmail = redeemed.email;
  try {
    await ctx.db.$transaction(async (tx) => {
      const holder = await tx.user.findUnique({ where: { email: newEmail }, select: { id: true } });
      if (holder && holder.id !== userId) throw emailTaken(newEmail);
      await consumeCode(tx, redeemed.id, at);
      const before = await tx.user.findUniqueOrThrow({
        where: { id: userId },
        select: { email: true },
      });
      await tx.user.update({
        where: { id: userId },
        data: { email: newEmail, emailVerifiedAt: at },
      });
      await recordAudit(tx, ctx, {
        action: "user.email_changed",
        targetType: "user",
        targetId: userId,
        data: { email: newEmail, previousEmail: before.email },
      });
      // Runs the email rule only when it never ran for this user (jitEmailProvisionedAt).
      await provisionJustInTime(
        tx,
        { userId, email: newEmail, emailVerified: true, reason: "email_verified", now: at },
        ctx,
      );
    });
  } catch (error) {
    // Taken between the check and the update.
    if (isUniqueViolation(error, "users_email_key")) throw emailTaken(newEmail);
    throw error;
  }
  return { email: newEmail };
}
