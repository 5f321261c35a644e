"use client";

import type { MfaFactorType, SignInStep } from "@guildhall/validators";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { PasswordStep } from "./password-step";
import { SecondFactorStep } from "./second-factor-step";

export type SignInFlowStep =
  | { kind: "password" }
  | { kind: "second_factor"; challengeToken: string; factors: MfaFactorType[] };

export interface SignInLinks {
  /** "Create an account", when registration is open. */
  signUp: string | null;
  forgotPassword: string;
}

/**
 * The whole sign-in: password (or a passwordless passkey), then the second factor when the
 * account has one, then next-auth opens the session with the finished challenge token.
 */
export function SignInFlow({
  callbackUrl,
  initialError,
  passkeysOffered,
  links,
  initialStep,
}: {
  callbackUrl: string;
  initialError: string | null;
  passkeysOffered: boolean;
  links: SignInLinks;
  /** Where to begin: the second factor after an SSO sign-in, else the password step. */
  initialStep?: SignInFlowStep;
}) {
  const [step, setStep] = useState<SignInFlowStep>(initialStep ?? { kind: "password" });
  const [restartError, setRestartError] = useState<string | null>(initialError);

  /**
   * Moves on from a verified step: to the second factor, or into the session (the page then
   * navigates away). Answers an error message when the sign-in must start over, else null.
   */
  async function advance(next: SignInStep): Promise<string | null> {
    if (next.status === "mfa_required") {
      setStep({
        kind: "second_factor",
        challengeToken: next.challengeToken,
        factors: next.factors,
      });
      return null;
    }
    const result = await signIn("credentials", {
      challengeToken: next.challengeToken,
      redirect: false,
      callbackUrl,
    });
    if (!result || result.error) {
      // The challenge is spent or expired: the sign-in starts over.
      const message =
        result?.error && result.error !== "CredentialsSignin"
          ? result.error
          : "Could not sign you in. Try again.";
      setStep({ kind: "password" });
      setRestartError(message);
      return message;
    }
    // A full load: the destination may be outside Next (the OIDC interaction pages), and
    // layouts must render again with the new session.
    window.location.assign(callbackUrl);
    return null;
  }

  if (step.kind === "second_factor")
    return (
      <SecondFactorStep
        challengeToken={step.challengeToken}
        factors={step.factors}
        onVerified={advance}
        onRestart={(message) => {
          setRestartError(message);
          setStep({ kind: "password" });
        }}
      />
    );
  return (
    <PasswordStep
      callbackUrl={callbackUrl}
      initialError={restartError}
      passkeysOffered={passkeysOffered}
      links={links}
      onVerified={advance}
    />
  );
}
