import type { Db } from "@guildhall/db";
import {
  verifySignInTotpInput,
  type SignInStep,
  type VerifySignInTotpInput,
} from "@guildhall/validators";
import type { AccountFlowOptions } from "../accounts/options.ts";
import { useTotpCode } from "../mfa/use-totp.ts";
import { parseInput } from "../parse.ts";
import { satisfySecondFactor } from "./challenge.ts";
import { enterSecondFactor, invalidCode } from "./second-factor-gate.ts";

/**
 * Answers a sign-in's second factor with a code from the user's authenticator app. A code
 * works once (a replay within its 90 s window is refused).
 * @throws mfa.invalid_code, sign_in.challenge_invalid, rate_limited
 * @example const step = await verifySignInTotp(db, { challengeToken, code: "123456" }, opts);
 */
export async function verifySignInTotp(
  db: Db,
  input: VerifySignInTotpInput,
  opts: AccountFlowOptions,
): Promise<SignInStep> {
  const { challengeToken, code } = parseInput(verifySignInTotpInput, input);
  const { challenge, gate, now } = await enterSecondFactor(db, challengeToken, opts);
  const factor = await db.userMfaFactor.findFirst({
    where: { userId: challenge.userId, type: "totp", confirmedAt: { not: null } },
    select: { id: true, totpSecretSealed: true },
  });
  if (!factor || !(await useTotpCode(db, factor, code, opts.instanceSecret, now)))
    throw invalidCode();
  await gate.succeeded();
  await satisfySecondFactor(db, challenge, ["otp"]);
  return { challengeToken, status: "complete" };
}
