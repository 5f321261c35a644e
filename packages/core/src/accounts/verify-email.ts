import type { Db, Prisma } from "@guildhall/db";
import {
  sendEmailVerificationInput,
  verifyEmailCodeInput,
  verifyEmailLinkInput,
  type SendEmailVerificationInput,
  type VerifyEmailCodeInput,
  type VerifyEmailLinkInput,
} from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { passThrottle } from "../auth/throttle.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { recordEmailVerified } from "../jit/email-verified.ts";
import { parseInput } from "../parse.ts";
import { userNotFound } from "../users/get-user.ts";
import { requireEmail } from "../users/identifiers.ts";
import {
  checkCode,
  checkLinkToken,
  CODE_TTL_MS,
  codeInvalid,
  consumeCode,
  generateCode,
  generateLinkToken,
  issueCode,
  type RedeemedCode,
} from "./codes.ts";
import {
  ACCOUNT_PAGES,
  accountLink,
  queueAccountEmail,
  renderAccountEmail,
  type AccountEmail,
} from "./email.ts";
import { flowNow, type AccountFlowOptions } from "./options.ts";
import { assertResendAllowed } from "./resend-limit.ts";
import { isSelf, lockUser } from "./self.ts";
import { codeEntryChecks } from "./throttles.ts";

/**
 * A fresh verification email: a code and a link to the same row. Rendered before the
 * transaction that stores the code (`issueVerificationCode`).
 */
export async function prepareVerificationEmail(
  email: string,
  opts: AccountFlowOptions,
): Promise<{ code: string; linkToken: string; mail: AccountEmail }> {
  const linkToken = generateLinkToken();
  const link = accountLink(opts.baseUrl, ACCOUNT_PAGES.verifyEmail, linkToken);
  const code = generateCode([email, link]);
  const mail = await renderAccountEmail("email-verification", email, {
    email,
    code,
    link,
    expiresInMinutes: CODE_TTL_MS / 60_000,
  });
  return { code, linkToken, mail };
}

/** The code was right: the address it went to is verified, if it is still the user's. */
async function markVerified(
  db: Db,
  redeemed: RedeemedCode,
  at: Date,
  how: "code" | "link",
): Promise<{ userId: string }> {
  await db.$transaction(async (tx) => {
    await consumeCode(tx, redeemed.id, at);
    const user = await tx.user.findUnique({
      where: { id: redeemed.userId },
      select: { email: true, emailVerifiedAt: true },
    });
    // The user changed their address since: this code proves nothing about the new one.
    if (user?.email !== redeemed.email) throw codeInvalid();
    const asUser: ServiceContext = { db, actor: { type: "user", userId: redeemed.userId } };
    await recordAudit(tx, asUser, {
      action: "user.email_verified",
      targetType: "user",
      targetId: redeemed.userId,
      data: { email: redeemed.email, by: how },
    });
    await recordEmailVerified(tx, { userId: redeemed.userId, email: redeemed.email, at }, asUser);
  });
  return { userId: redeemed.userId };
}

/**
 * Verifies an address with the 6-digit code emailed to it (the latest one). A code allows
 * 5 tries, expires after 10 minutes and works once; wrong, expired and used codes get the
 * same answer. Failures are also throttled per address and per IP.
 * @throws code.invalid, rate_limited, guard.invalid_input
 * @example await verifyEmailCode(db, { email, code: "042137" }, { baseUrl, instanceSecret, ip });
 */
export async function verifyEmailCode(
  db: Db,
  input: VerifyEmailCodeInput,
  opts: AccountFlowOptions,
): Promise<{ userId: string }> {
  const { email, code } = parseInput(verifyEmailCodeInput, input);
  const gate = await passThrottle(db, codeEntryChecks(`address:${email}`, opts.ip), opts.now);
  const at = flowNow(opts);
  const redeemed = await checkCode(
    db,
    { purpose: "email_verification", email },
    code,
    opts.instanceSecret,
    at,
  );
  const result = await markVerified(db, redeemed, at, "code");
  await gate.succeeded();
  return result;
}

/**
 * Verifies an address with the link from the same email (`/verify-email?token=…`). The
 * token is 256 random bits, so it needs no tries counter; it expires and works once, and
 * shares its row with the code (using one spends both).
 * @throws code.invalid, guard.invalid_input
 */
export async function verifyEmailLink(
  db: Db,
  input: VerifyEmailLinkInput,
  opts: AccountFlowOptions,
): Promise<{ userId: string }> {
  const { token } = parseInput(verifyEmailLinkInput, input);
  const at = flowNow(opts);
  const redeemed = await checkLinkToken(db, "email_verification", token, at);
  return markVerified(db, redeemed, at, "link");
}

/**
 * Emails a new verification code and link to the user's address; earlier codes stop
 * working. The user themself, or the console and Management API (an admin's "resend
 * verification"). At most one email a minute and 5 an hour per user.
 * @throws auth.forbidden, user.not_found, guard.invalid_input (already verified), rate_limited
 */
export async function sendEmailVerification(
  ctx: ServiceContext,
  input: SendEmailVerificationInput,
  opts: AccountFlowOptions,
): Promise<void> {
  const { userId } = parseInput(sendEmailVerificationInput, input);
  if (!isSelf(ctx, userId)) assertCanManageTenant(ctx);
  const at = flowNow({ now: opts.now ?? ctx.now });
  const found = await ctx.db.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, emailVerifiedAt: true },
  });
  if (!found) throw userNotFound(userId);
  const user = requireEmail(found, "there is no address to verify");
  if (user.emailVerifiedAt) {
    throw new DomainError("guard.invalid_input", `${user.email} is already verified.`, {
      issues: [{ path: ["userId"], message: "The email address is already verified." }],
    });
  }
  const { code, linkToken, mail } = await prepareVerificationEmail(user.email, opts);
  await ctx.db.$transaction(async (tx) => {
    await lockUser(tx, userId);
    await assertResendAllowed(tx, userId, "email_verification", at);
    await issueVerificationCode(tx, { userId, email: user.email, code, linkToken, at }, opts, mail);
    await recordAudit(tx, ctx, {
      action: "user.email_verification_sent",
      targetType: "user",
      targetId: userId,
      data: { email: user.email },
    });
  });
  opts.onEmailQueued?.();
}

/** Stores the code of a prepared verification email and queues the email, in `tx`. */
export async function issueVerificationCode(
  tx: Prisma.TransactionClient,
  code: { userId: string | null; email: string; code: string; linkToken: string; at: Date },
  opts: AccountFlowOptions,
  mail: AccountEmail,
): Promise<void> {
  await issueCode(
    tx,
    {
      userId: code.userId,
      purpose: "email_verification",
      email: code.email,
      code: code.code,
      linkToken: code.linkToken,
      now: code.at,
      ttlMs: CODE_TTL_MS,
    },
    opts.instanceSecret,
  );
  await queueAccountEmail(tx, mail, opts);
}
