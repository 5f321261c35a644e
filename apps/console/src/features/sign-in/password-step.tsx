"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { signInInput, type SignInStep } from "@guildhall/validators";
import { browserSupportsWebAuthn } from "@simplewebauthn/browser";
import { KeyRound } from "lucide-react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import type { ActionResult } from "@/lib/action-result";
import { useHydratedForm } from "@/lib/use-hydrated";
import { passwordSignInAction } from "./actions";
import type { SignInLinks } from "./sign-in-flow";
import { signInWithPasskey } from "./use-passkey";

const linkClasses = "font-medium text-primary underline-offset-4 hover:underline";

/** Step 1: email and password, or a passkey without either. */
export function PasswordStep({
  initialError,
  passkeysOffered,
  links,
  onVerified,
}: {
  initialError: string | null;
  passkeysOffered: boolean;
  links: SignInLinks;
  onVerified: (step: SignInStep) => Promise<string | null>;
}) {
  const [serverError, setServerError] = useState<string | null>(initialError);
  const [busy, setBusy] = useState<"password" | "passkey" | null>(null);
  const form = useForm({
    resolver: zodResolver(signInInput),
    defaultValues: { email: "", password: "" },
  });
  const hydrated = useHydratedForm(form, "email");
  const { errors } = form.formState;
  const showPasskey = passkeysOffered && hydrated && browserSupportsWebAuthn();

  /** Runs one attempt; the buttons stay busy when it moved on (the page is navigating away). */
  async function run(
    kind: "password" | "passkey",
    attempt: () => Promise<ActionResult<SignInStep>>,
  ) {
    setServerError(null);
    setBusy(kind);
    let error: string | null;
    try {
      const result = await attempt();
      error = result.ok ? await onVerified(result.value) : result.message;
    } catch {
      // The server action itself failed (network, server error): nothing was signed in.
      error = "Could not sign you in. Try again.";
    }
    if (error) {
      setServerError(error);
      setBusy(null);
    }
  }

  const onSubmit = form.handleSubmit((values) =>
    run("password", () => passwordSignInAction(values)),
  );
  const onPasskey = () => run("passkey", () => signInWithPasskey());

  return (
    <div className="grid gap-4">
      <form method="post" onSubmit={onSubmit} noValidate aria-label="Sign in">
        <fieldset disabled={!hydrated || busy !== null} className="grid min-w-0 gap-4">
          <FormError message={serverError} />
          <FormField label="Email" error={errors.email?.message}>
            <Input type="email" autoComplete="username" {...form.register("email")} />
          </FormField>
          <FormField label="Password" error={errors.password?.message}>
            <Input type="password" autoComplete="current-password" {...form.register("password")} />
          </FormField>
          <div className="-mt-2 text-right text-sm">
            <a className={linkClasses} href={links.forgotPassword}>
              Forgot password?
            </a>
          </div>
          <Button
            type="submit"
            pending={busy === "password"}
            className="w-full"
            data-testid="sign-in-submit"
          >
            Sign in
          </Button>
        </fieldset>
      </form>
      {showPasskey ? (
        <>
          <div className="flex items-center gap-3 text-xs text-muted-foreground" aria-hidden>
            <span className="h-px flex-1 bg-border" />
            or
            <span className="h-px flex-1 bg-border" />
          </div>
          <Button
            variant="outline"
            className="w-full"
            pending={busy === "passkey"}
            disabled={busy !== null}
            onClick={() => void onPasskey()}
            data-testid="sign-in-passkey"
          >
            <KeyRound aria-hidden />
            Sign in with a passkey
          </Button>
        </>
      ) : null}
      {links.signUp ? (
        <p className="text-center text-sm text-muted-foreground">
          New here?{" "}
          <a className={linkClasses} href={links.signUp}>
            Create an account
          </a>
        </p>
      ) : null}
    </div>
  );
}
