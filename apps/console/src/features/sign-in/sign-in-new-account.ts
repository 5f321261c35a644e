import { signIn } from "next-auth/react";
import { passwordSignInAction } from "./actions";

/**
 * Signs in an account whose password was set a moment ago (setup, an invitation's sign-up):
 * the same two steps as the sign-in page (password check, then the session), without the
 * form. A new account has no second factor; if the sign-in does not complete at once,
 * the caller sends the user to the sign-in page. True when a session was opened.
 */
export async function signInNewAccount(email: string, password: string): Promise<boolean> {
  const step = await passwordSignInAction({ identifier: email, password });
  if (!step.ok || step.value.status !== "complete") return false;
  const result = await signIn("credentials", {
    challengeToken: step.value.challengeToken,
    redirect: false,
  });
  return Boolean(result && !result.error);
}
