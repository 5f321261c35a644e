"use client";

import type { SignInStep } from "@guildhall/validators";
import { signIn } from "next-auth/react";
import { useEffect, useRef, useState } from "react";
import { SignInFlow } from "@/features/sign-in/sign-in-flow";
import { SsoError } from "./sso-error";

/**
 * The end of an SSO sign-in in the browser: the challenge goes to next-auth like every
 * sign-in's; a user with a second factor answers it first, on the sign-in flow's own step.
 */
export function SsoCompletion({
  step,
  callbackUrl,
  passkeysOffered,
}: {
  step: SignInStep;
  callbackUrl: string;
  passkeysOffered: boolean;
}) {
  const [error, setError] = useState<string | null>(null);
  const started = useRef(false);

  useEffect(() => {
    if (step.status !== "complete" || started.current) return;
    started.current = true;
    void (async () => {
      const result = await signIn("credentials", {
        challengeToken: step.challengeToken,
        redirect: false,
        callbackUrl,
      });
      if (!result || result.error) {
        setError(
          result?.error && result.error !== "CredentialsSignin"
            ? result.error
            : "Could not sign you in. Start again.",
        );
        return;
      }
      window.location.assign(callbackUrl);
    })();
  }, [step, callbackUrl]);

  if (error) return <SsoError message={error} />;
  if (step.status === "mfa_required")
    return (
      <SignInFlow
        callbackUrl={callbackUrl}
        initialError={null}
        passkeysOffered={passkeysOffered}
        links={{ signUp: null, forgotPassword: "/forgot-password" }}
        initialStep={{
          kind: "second_factor",
          challengeToken: step.challengeToken,
          factors: step.factors,
        }}
      />
    );
  return (
    <p className="text-sm text-muted-foreground" role="status" data-testid="sso-completing">
      Signing you in…
    </p>
  );
}
