"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { backupCode, totpCode, type MfaFactorType, type SignInStep } from "@guildhall/validators";
import { KeyRound } from "lucide-react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import type { ActionResult } from "@/lib/action-result";
import { backupCodeSignInAction, totpSignInAction } from "./actions";
import { signInWithPasskey } from "./use-passkey";

type CodeMethod = "totp" | "backup_codes";

const methods = {
  totp: {
    schema: z.object({ code: totpCode }),
    label: "Authentication code",
    hint: "The 6-digit code your authenticator app shows for Guildhall.",
    inputProps: { inputMode: "numeric", autoComplete: "one-time-code", maxLength: 9 },
  },
  backup_codes: {
    schema: z.object({ code: backupCode }),
    label: "Backup code",
    hint: "One of the codes you saved when you set up two-step verification. Each works once.",
    inputProps: { autoComplete: "off", autoCapitalize: "characters", spellCheck: false },
  },
} as const;

/** Codes that end this sign-in attempt: back to the password step. */
const RESTART_CODES = new Set(["sign_in.challenge_invalid"]);

/**
 * Step 2, for an account with a second factor: the authenticator app's code, a passkey or
 * a backup code, whichever the user has.
 */
export function SecondFactorStep({
  challengeToken,
  factors,
  onVerified,
  onRestart,
}: {
  challengeToken: string;
  factors: MfaFactorType[];
  onVerified: (step: SignInStep) => Promise<string | null>;
  onRestart: (message: string | null) => void;
}) {
  const codeMethods = (["totp", "backup_codes"] as const).filter((m) => factors.includes(m));
  const [method, setMethod] = useState<CodeMethod | null>(codeMethods[0] ?? null);
  const [error, setError] = useState<string | null>(null);
  const [passkeyBusy, setPasskeyBusy] = useState(false);

  /** Resolves true when the sign-in moved on (the page is navigating away). */
  async function settle(attempt: Promise<ActionResult<SignInStep>>): Promise<boolean> {
    let result: ActionResult<SignInStep>;
    try {
      result = await attempt;
    } catch {
      setError("Could not check that. Try again.");
      return false;
    }
    if (!result.ok) {
      if (result.code && RESTART_CODES.has(result.code)) onRestart(result.message);
      else setError(result.message);
      return false;
    }
    const failure = await onVerified(result.value);
    if (failure) setError(failure);
    return !failure;
  }

  async function verifyWithPasskey() {
    setError(null);
    setPasskeyBusy(true);
    if (!(await settle(signInWithPasskey(challengeToken)))) setPasskeyBusy(false);
  }

  return (
    <div className="grid gap-4" data-testid="second-factor">
      <div className="grid gap-1">
        <h2 className="text-base font-semibold">Two-step verification</h2>
        <p className="text-sm text-muted-foreground">
          {method === "totp"
            ? "Enter the code from your authenticator app to finish signing in."
            : method === "backup_codes"
              ? "Enter one of your backup codes to finish signing in."
              : "Use your passkey to finish signing in."}
        </p>
      </div>
      {method ? (
        <CodeForm
          key={method}
          method={method}
          error={error}
          disabled={passkeyBusy}
          onSubmit={async (code) => {
            setError(null);
            const action = method === "totp" ? totpSignInAction : backupCodeSignInAction;
            return settle(action({ challengeToken, code }));
          }}
        />
      ) : (
        <FormError message={error} />
      )}
      <div className="grid gap-2">
        {factors.includes("webauthn") ? (
          <Button
            variant={method ? "outline" : "primary"}
            className="w-full"
            pending={passkeyBusy}
            onClick={() => void verifyWithPasskey()}
            data-testid="second-factor-passkey"
          >
            <KeyRound aria-hidden />
            Use a passkey
          </Button>
        ) : null}
        {codeMethods
          .filter((m) => m !== method)
          .map((m) => (
            <Button
              key={m}
              variant="ghost"
              className="w-full"
              disabled={passkeyBusy}
              onClick={() => {
                setError(null);
                setMethod(m);
              }}
            >
              {m === "totp" ? "Use your authenticator app" : "Use a backup code"}
            </Button>
          ))}
        <Button variant="ghost" className="w-full" onClick={() => onRestart(null)}>
          Start over
        </Button>
      </div>
    </div>
  );
}

function CodeForm({
  method,
  error,
  disabled,
  onSubmit,
}: {
  method: CodeMethod;
  error: string | null;
  disabled: boolean;
  /** Resolves true when the sign-in moved on (the page is navigating away). */
  onSubmit: (code: string) => Promise<boolean>;
}) {
  const spec = methods[method];
  const [pending, setPending] = useState(false);
  const form = useForm({ resolver: zodResolver(spec.schema), defaultValues: { code: "" } });
  const submit = form.handleSubmit(async (values) => {
    setPending(true);
    const done = await onSubmit(values.code);
    if (!done) {
      setPending(false);
      form.reset({ code: "" });
      // After the fieldset is enabled again.
      requestAnimationFrame(() => form.setFocus("code"));
    }
  });
  return (
    <form method="post" onSubmit={submit} noValidate aria-label="Verify it's you">
      <fieldset disabled={disabled || pending} className="grid min-w-0 gap-4">
        <FormError message={error} />
        <FormField label={spec.label} hint={spec.hint} error={form.formState.errors.code?.message}>
          <Input autoFocus {...spec.inputProps} {...form.register("code")} />
        </FormField>
        <Button
          type="submit"
          pending={pending}
          className="w-full"
          data-testid="second-factor-submit"
        >
          Verify
        </Button>
      </fieldset>
    </form>
  );
}
