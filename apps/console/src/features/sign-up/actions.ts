"use server";

import { resendSignUpCode, signUp, verifyEmailCode, verifyEmailLink } from "@guildhall/core";
import { getDb } from "@guildhall/db/client";
import type {
  ResendSignUpCodeInput,
  SignUpInput,
  VerifyEmailCodeInput,
  VerifyEmailLinkInput,
} from "@guildhall/validators";
import { accountFlowOptions } from "@/auth/account-flow";
import { runAction, type ActionResult } from "@/lib/action-result";

/**
 * Creates the account (or, for an email that has one, tells its owner): the answer is the
 * same either way, a challenge token that signs the new user in once the code is verified.
 */
export async function signUpAction(
  input: SignUpInput,
): Promise<ActionResult<{ challengeToken: string }>> {
  return runAction(async () => signUp(getDb(), input, await accountFlowOptions()));
}

/** The 6-digit code from the verification email. */
export async function verifyEmailCodeAction(
  input: VerifyEmailCodeInput,
): Promise<ActionResult<null>> {
  return runAction(async () => {
    await verifyEmailCode(getDb(), input, await accountFlowOptions());
    return null;
  });
}

/** The link from the verification email (the /verify-email page). */
export async function verifyEmailLinkAction(
  input: VerifyEmailLinkInput,
): Promise<ActionResult<null>> {
  return runAction(async () => {
    await verifyEmailLink(getDb(), input, await accountFlowOptions());
    return null;
  });
}

/** "Send a new code": the same answer whether the sign-up made an account or not. */
export async function resendSignUpCodeAction(
  input: ResendSignUpCodeInput,
): Promise<ActionResult<null>> {
  return runAction(async () => {
    await resendSignUpCode(getDb(), input, await accountFlowOptions());
    return null;
  });
}
