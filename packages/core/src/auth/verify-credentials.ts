import type { Db } from "@guildhall/db";
import type { SignedInUser, SignInInput } from "@guildhall/validators";
import { DomainError } from "../errors.ts";
import { beginPasswordSignIn } from "../sign-in/begin-password-sign-in.ts";
import { completeSignIn } from "../sign-in/complete-sign-in.ts";
import type { VerifyCredentialsOptions } from "./check-credentials.ts";

export type { VerifyCredentialsOptions } from "./check-credentials.ts";

/**
 * A password-only sign-in in one call, for callers with no second step to offer (scripts,
 * tests): `beginPasswordSignIn` then `completeSignIn`. A user with a second factor is refused
 * rather than signed in on the password alone.
 * @throws auth.invalid_credentials, user.suspended, rate_limited, sign_in.mfa_required
 * @example const user = await verifyCredentials(db, { identifier: email, password }, { ip });
 */
export async function verifyCredentials(
  db: Db,
  input: SignInInput,
  options: VerifyCredentialsOptions = {},
): Promise<SignedInUser> {
  const step = await beginPasswordSignIn(db, input, options);
  if (step.status === "mfa_required") {
    throw new DomainError(
      "sign_in.mfa_required",
      "This account has a second factor: sign in through the sign-in page.",
    );
  }
  const { user } = await completeSignIn(db, { challengeToken: step.challengeToken }, options);
  return user;
}
