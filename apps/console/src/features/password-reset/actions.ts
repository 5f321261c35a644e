"use server";

import { requestPasswordReset, resetPassword } from "@guildhall/core";
import { getDb } from "@guildhall/db/client";
import type { RequestPasswordResetInput, ResetPasswordInput } from "@guildhall/validators";
import { accountFlowOptions } from "@/auth/account-flow";
import { runAction, type ActionResult } from "@/lib/action-result";

/** Emails a reset link when the address has an account; the answer is the same either way. */
export async function requestPasswordResetAction(
  input: RequestPasswordResetInput,
): Promise<ActionResult<null>> {
  return runAction(async () => {
    await requestPasswordReset(getDb(), input, await accountFlowOptions());
    return null;
  });
}

/** Sets the new password from the emailed link; every session of the account ends. */
export async function resetPasswordAction(input: ResetPasswordInput): Promise<ActionResult<null>> {
  return runAction(async () => {
    await resetPassword(getDb(), input, await accountFlowOptions());
    return null;
  });
}
