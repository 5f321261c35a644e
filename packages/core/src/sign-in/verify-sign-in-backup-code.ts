import type { Db } from "@guildhall/db";
import {
  verifySignInBackupCodeInput,
  type SignInStep,
  type VerifySignInBackupCodeInput,
} from "@guildhall/validators";
import type { AccountFlowOptions } from "../accounts/options.ts";
import { useBackupCode } from "../mfa/use-backup-code.ts";
import { parseInput } from "../parse.ts";
import { satisfySecondFactor } from "./challenge.ts";
import { enterSecondFactor, invalidCode } from "./second-factor-gate.ts";

/**
 * Answers a sign-in's second factor with one of the user's backup codes, which is then
 * used up (of two concurrent uses of one code, exactly one succeeds). `amr` records "otp":
 * RFC 8176 has no closer value for a one-time recovery code.
 * @throws mfa.invalid_code, sign_in.challenge_invalid, rate_limited
 * @example const step = await verifySignInBackupCode(db, { challengeToken, code: "ABCDE-FGHJK" }, opts);
 */
export async function verifySignInBackupCode(
  db: Db,
  input: VerifySignInBackupCodeInput,
  opts: AccountFlowOptions,
): Promise<SignInStep> {
  const { challengeToken, code } = parseInput(verifySignInBackupCodeInput, input);
  const { challenge, gate, now } = await enterSecondFactor(db, challengeToken, opts);
  if (!(await useBackupCode(db, challenge.userId, code, opts.instanceSecret, now)))
    throw invalidCode();
  await gate.succeeded();
  await satisfySecondFactor(db, challenge, ["otp"]);
  return { challengeToken, status: "complete" };
}
