import type { Db } from "@guildhall/db";
import type { SignInInput, SignInStep } from "@guildhall/validators";
import { checkCredentials, type VerifyCredentialsOptions } from "../auth/check-credentials.ts";
import { usableFactorTypes } from "../mfa/second-factors.ts";
import { startSignIn } from "./challenge.ts";

/**
 * First step of a password sign-in: checks the password (throttled, see `checkCredentials`)
 * and starts a sign-in challenge. "complete" means `completeSignIn` may be called with the
 * token; "mfa_required" lists the factors the user can answer with.
 * @throws auth.invalid_credentials, user.suspended, rate_limited
 * @example const step = await beginPasswordSignIn(db, { identifier, password }, { ip });
 */
export async function beginPasswordSignIn(
  db: Db,
  input: SignInInput,
  options: VerifyCredentialsOptions = {},
): Promise<SignInStep> {
  const user = await checkCredentials(db, input, options);
  const now = options.now?.() ?? new Date();
  const { challengeToken, mfaPending } = await startSignIn(db, {
    userId: user.id,
    amr: ["pwd"],
    now,
  });
  if (!mfaPending) return { challengeToken, status: "complete" };
  return { challengeToken, status: "mfa_required", factors: await usableFactorTypes(db, user.id) };
}
