import type { Db } from "@guildhall/db";
import { resendSignUpCodeInput, type ResendSignUpCodeInput } from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { parseInput } from "../parse.ts";
import { findLiveChallenge } from "../sign-in/challenge.ts";
import { issueDecoyCode } from "./codes.ts";
import { flowNow, type AccountFlowOptions } from "./options.ts";
import { assertResendAllowedFor } from "./resend-limit.ts";
import { lockUser } from "./self.ts";
import { issueVerificationCode, prepareVerificationEmail } from "./verify-email.ts";

/**
 * "Send a new code" on the sign-up page, which holds the sign-up's challenge and shows the
 * address. For a new account: a fresh verification email (the older code stops working),
 * with the same limits as any resend. For a sign-up that named an existing account (its
 * challenge is a decoy) the answer, the work (an email rendered, a code row) and the limits
 * are the same, and nobody is emailed: the owner already got the "account exists" email.
 * @throws sign_in.challenge_invalid (expired or finished sign-up), rate_limited, guard.invalid_input
 * @example await resendSignUpCode(db, { challengeToken, email }, { baseUrl, instanceSecret, ip });
 */
export async function resendSignUpCode(
  db: Db,
  input: ResendSignUpCodeInput,
  opts: AccountFlowOptions,
): Promise<void> {
  const { challengeToken, email } = parseInput(resendSignUpCodeInput, input);
  const at = flowNow(opts);
  const challenge = await findLiveChallenge(db, challengeToken, "sign_in", at);
  const prepared = await prepareVerificationEmail(email, opts);
  const user = challenge.userId
    ? await db.user.findUnique({
        where: { id: challenge.userId },
        select: { id: true, email: true, emailVerifiedAt: true },
      })
    : null;
  if (!user || user.email !== email || user.emailVerifiedAt) {
    await db.$transaction(async (tx) => {
      await assertResendAllowedFor(tx, { decoyEmail: email }, "email_verification", at);
      await issueDecoyCode(tx, email, at, opts.instanceSecret);
    });
    return;
  }
  await db.$transaction(async (tx) => {
    await lockUser(tx, user.id);
    await assertResendAllowedFor(tx, { userId: user.id }, "email_verification", at);
    await issueVerificationCode(
      tx,
      { userId: user.id, email, code: prepared.code, linkToken: prepared.linkToken, at },
      opts,
      prepared.mail,
    );
    await recordAudit(
      tx,
      { db, actor: { type: "user", userId: user.id } },
      {
        action: "user.email_verification_sent",
        targetType: "user",
        targetId: user.id,
        data: { email },
      },
    );
  });
  opts.onEmailQueued?.();
}
