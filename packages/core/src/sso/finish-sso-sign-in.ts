import type { Db, SsoSignInState } from "@guildhall/db";
import type { SignInStep } from "@guildhall/validators";
import type { SsoConnectorForSignIn } from "../sso-connectors/load-sso-connector-for-sign-in.ts";
import { signInSsoUser } from "./sign-in-sso-user.ts";
import type { SsoProfile } from "./sso-profile.ts";

/**
 * The end of an SSO answer: a sign-in challenge to complete through next-auth (after the
 * second factor when `step.status` is "mfa_required"), or, for a console test, the claims
 * received and nobody signed in.
 */
export type SsoFinish =
  | { test: false; step: SignInStep; challengeToken: string; callbackUrl: string }
  | { test: true; claims: Record<string, unknown>; subject: string; callbackUrl: string };

export async function finishSsoSignIn(
  db: Db,
  connector: SsoConnectorForSignIn,
  state: SsoSignInState,
  profile: SsoProfile,
  now: Date,
): Promise<SsoFinish> {
  if (state.test) {
    return {
      test: true,
      claims: profile.detail,
      subject: profile.subject,
      callbackUrl: state.callbackUrl,
    };
  }
  const step = await signInSsoUser(db, connector, profile, now);
  return { test: false, step, challengeToken: step.challengeToken, callbackUrl: state.callbackUrl };
}
