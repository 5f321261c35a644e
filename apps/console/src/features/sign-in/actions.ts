"use server";

import {
  beginPasswordSignIn,
  finishSignInPasskey,
  ssoSignInRequirement,
  startSignInPasskey,
  verifySignInBackupCode,
  verifySignInTotp,
  type SignInStep,
} from "@guildhall/core";
import { getDb } from "@guildhall/db/client";
import type {
  FinishSignInPasskeyInput,
  SsoDiscovery,
  SignInInput,
  StartSignInPasskeyInput,
  VerifySignInBackupCodeInput,
  VerifySignInTotpInput,
} from "@guildhall/validators";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/browser";
import { accountFlowOptions } from "@/auth/account-flow";
import { runAction, type ActionResult } from "@/lib/action-result";

// Each step of a sign-in: core checks the credential (with its throttles) and answers with
// a challenge token; the browser hands the finished token to next-auth's credentials
// provider (authorize -> completeSignIn), which opens the session. Core parses every input.

/** Step 1: email and password. */
export async function passwordSignInAction(input: SignInInput): Promise<ActionResult<SignInStep>> {
  return runAction(async () => {
    const { ip } = await accountFlowOptions();
    return beginPasswordSignIn(getDb(), input, { ip });
  });
}

/**
 * Home-realm discovery: whether the typed email's domain signs in through an SSO connector.
 * Answers only what the page shows for the domain (connector id and name, password allowed),
 * never anything about an account.
 */
export async function discoverSsoAction(input: {
  email: string;
}): Promise<ActionResult<SsoDiscovery | null>> {
  return runAction(async () => {
    const found = await ssoSignInRequirement(getDb(), input);
    if (!found?.connectorId) return null;
    return {
      connectorId: found.connectorId,
      connectorName: found.connectorName,
      allowPasswordSignIn: found.allowPasswordSignIn,
    };
  });
}

/** Step 2: a code from the user's authenticator app. */
export async function totpSignInAction(
  input: VerifySignInTotpInput,
): Promise<ActionResult<SignInStep>> {
  return runAction(async () => verifySignInTotp(getDb(), input, await accountFlowOptions()));
}

/** Step 2: one of the user's backup codes. */
export async function backupCodeSignInAction(
  input: VerifySignInBackupCodeInput,
): Promise<ActionResult<SignInStep>> {
  return runAction(async () => verifySignInBackupCode(getDb(), input, await accountFlowOptions()));
}

/** A passkey ceremony: as the second step (with the token) or passwordless (without). */
export async function startPasskeySignInAction(
  input: StartSignInPasskeyInput,
): Promise<
  ActionResult<{ challengeToken: string; options: PublicKeyCredentialRequestOptionsJSON }>
> {
  return runAction(async () => startSignInPasskey(getDb(), input, await accountFlowOptions()));
}

export async function finishPasskeySignInAction(
  input: FinishSignInPasskeyInput,
): Promise<ActionResult<SignInStep>> {
  return runAction(async () => finishSignInPasskey(getDb(), input, await accountFlowOptions()));
}
