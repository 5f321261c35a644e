"use client";

import type { SignInStep } from "@guildhall/validators";
import { startAuthentication } from "@simplewebauthn/browser";
import type { ActionResult } from "@/lib/action-result";
import { passkeyErrorMessage } from "@/lib/passkey-errors";
import { finishPasskeySignInAction, startPasskeySignInAction } from "./actions";

/**
 * A passkey sign-in ceremony: the server's options, the browser's prompt, the server's check.
 * With `challengeToken` it is the second step of a sign-in; without, a passwordless one.
 */
export async function signInWithPasskey(
  challengeToken?: string,
): Promise<ActionResult<SignInStep>> {
  const started = await startPasskeySignInAction(challengeToken ? { challengeToken } : {});
  if (!started.ok) return started;
  let response;
  try {
    response = await startAuthentication({ optionsJSON: started.value.options });
  } catch (error) {
    return { ok: false, code: "passkey.browser", message: passkeyErrorMessage(error), issues: [] };
  }
  return finishPasskeySignInAction({
    challengeToken: started.value.challengeToken,
    // A plain object for the server action (an interface type has no index signature).
    response: { ...response, clientExtensionResults: { ...response.clientExtensionResults } },
  });
}
