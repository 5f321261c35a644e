"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { signInInput, type SignInStep, type SsoDiscovery } from "@guildhall/validators";
import { browserSupportsWebAuthn } from "@simplewebauthn/browser";
import { Building2, KeyRound } from "lucide-react";
import { useEffect, useState, type FormEvent } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import type { ActionResult } from "@/lib/action-result";
import { useHydratedForm } from "@/lib/use-hydrated";
import { discoverSsoAction, passwordSignInAction } from "./actions";
import type { SignInLinks } from "./sign-in-flow";
import { signInWithPasskey } from "./use-passkey";

const linkClasses = "font-medium text-primary underline-offset-4 hover:underline";

/** Looks enough like an address to ask about its domain. */
const ASKABLE_EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

/** Where an SSO sign-in for this connector starts, coming back to `callbackUrl`. */
export function ssoStartHref(connectorId: string, callbackUrl: string): string {
  return `/sso/${encodeURIComponent(connectorId)}/start?callbackUrl=${encodeURIComponent(callbackUrl)}`;
}

/**
 * Step 1: email (or username) and password, or a passkey without either. Home-realm
 * discovery: while an email is typed, its domain is looked up; a domain of an SSO connector gets "Continue with
 * {connector}" and no password field (unless the connector still allows passwords).
 */
export function PasswordStep({
  callbackUrl,
  initialError,
  passkeysOffered,
  links,
  onVerified,
}: {
  callbackUrl: string;
  initialError: string | null;
  passkeysOffered: boolean;
  links: SignInLinks;
  onVerified: (step: SignInStep) => Promise<string | null>;
}) {
  const [serverError, setServerError] = useState<string | null>(initialError);
  const [busy, setBusy] = useState<"password" | "passkey" | null>(null);
  const form = useForm({
    resolver: zodResolver(signInInput),
    defaultValues: { identifier: "", password: "" },
  });
  const hydrated = useHydratedForm(form, "identifier");
  const { errors } = form.formState;
  const showPasskey = passkeysOffered && hydrated && browserSupportsWebAuthn();
  // A username has no "@", so it never looks askable: discovery is for emails only.
  const email = form.watch("identifier");
  const [sso, setSso] = useState<(SsoDiscovery & { email: string }) | null>(null);
  const [passwordInstead, setPasswordInstead] = useState(false);
  const ssoActive = sso !== null && sso.email === email.trim().toLowerCase();
  const showPassword = !ssoActive || passwordInstead;

  useEffect(() => {
    const typed = email.trim().toLowerCase();
    if (!ASKABLE_EMAIL.test(typed)) return;
    let current = true;
    const timer = window.setTimeout(() => {
      void discoverSsoAction({ email: typed })
        .then((result) => {
          if (!current) return;
          setSso(result.ok && result.value ? { ...result.value, email: typed } : null);
          setPasswordInstead(false);
        })
        // Discovery is a convenience: without it the password step works as before.
        .catch(() => undefined);
    }, 300);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [email]);

  function continueWithSso(connectorId: string) {
    setBusy("password");
    window.location.assign(ssoStartHref(connectorId, callbackUrl));
  }

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

  const submitPassword = form.handleSubmit((values) =>
    run("password", async () => {
      const result = await passwordSignInAction(values);
      // The domain turned out to be SSO-only (typed and sent before discovery answered).
      if (!result.ok && result.code === "sign_in.sso_required") {
        const found = values.identifier.includes("@")
          ? await discoverSsoAction({ email: values.identifier })
          : null;
        if (found?.ok && found.value) continueWithSso(found.value.connectorId);
      }
      return result;
    }),
  );
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    if (ssoActive && !passwordInstead) {
      event.preventDefault();
      continueWithSso(sso.connectorId);
      return;
    }
    void submitPassword(event);
  };
  const onPasskey = () => run("passkey", () => signInWithPasskey());

  return (
    <div className="grid gap-4">
      <form method="post" onSubmit={onSubmit} noValidate aria-label="Sign in">
        <fieldset disabled={!hydrated || busy !== null} className="grid min-w-0 gap-4">
          <FormError message={serverError} />
          <FormField label="Email or username" error={errors.identifier?.message}>
            <Input
              type="text"
              inputMode="email"
              autoCapitalize="none"
              spellCheck={false}
              autoComplete="username"
              {...form.register("identifier")}
            />
          </FormField>
          {showPassword ? (
            <>
              <FormField label="Password" error={errors.password?.message}>
                <Input
                  type="password"
                  autoComplete="current-password"
                  {...form.register("password")}
                />
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
            </>
          ) : null}
          {ssoActive ? (
            <div className="grid gap-2">
              <Button
                type={showPassword ? "button" : "submit"}
                variant={showPassword ? "outline" : "primary"}
                className="w-full"
                pending={busy === "password" && !showPassword}
                onClick={
                  showPassword
                    ? () => {
                        continueWithSso(sso.connectorId);
                      }
                    : undefined
                }
                data-testid="sign-in-sso"
              >
                <Building2 aria-hidden />
                Continue with {sso.connectorName}
              </Button>
              {sso.allowPasswordSignIn && !passwordInstead ? (
                <button
                  type="button"
                  className={`${linkClasses} text-center text-sm`}
                  onClick={() => {
                    setPasswordInstead(true);
                  }}
                  data-testid="sign-in-password-instead"
                >
                  Sign in with password instead
                </button>
              ) : null}
            </div>
          ) : null}
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
