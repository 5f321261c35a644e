"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { oneTimeCode, signUpInput, text } from "@guildhall/validators";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { useHydratedForm } from "@/lib/use-hydrated";
import { resendSignUpCodeAction, signUpAction, verifyEmailCodeAction } from "./actions";

// The name is optional: an empty field means "none", not "too short".
const signUpForm = signUpInput.extend({
  name: text().trim().max(128, "Name must be at most 128 characters"),
});
const codeForm = z.object({ code: oneTimeCode });

const FIELDS = ["email", "name", "password"] as const;

/** Sign-up: the account's details, then the code emailed to the address, then signed in. */
export function SignUpFlow({
  callbackUrl,
  signInHref,
  minPasswordLength,
}: {
  callbackUrl: string;
  signInHref: string;
  minPasswordLength: number;
}) {
  const [pending, setPending] = useState<{ email: string; challengeToken: string } | null>(null);
  if (pending) return <VerifyCodeStep {...pending} callbackUrl={callbackUrl} />;
  return (
    <DetailsStep
      signInHref={signInHref}
      minPasswordLength={minPasswordLength}
      onSignedUp={setPending}
    />
  );
}

function DetailsStep({
  signInHref,
  minPasswordLength,
  onSignedUp,
}: {
  signInHref: string;
  minPasswordLength: number;
  onSignedUp: (pending: { email: string; challengeToken: string }) => void;
}) {
  const [serverError, setServerError] = useState<string | null>(null);
  const form = useForm({
    resolver: zodResolver(signUpForm),
    defaultValues: { email: "", name: "", password: "" },
  });
  const hydrated = useHydratedForm(form, "email");
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setServerError(null);
    const result = await signUpAction({ ...values, name: values.name || undefined });
    if (result.ok)
      return onSignedUp({ email: values.email, challengeToken: result.value.challengeToken });
    let unmatched = result.issues.length === 0;
    for (const issue of result.issues) {
      const field = FIELDS.find((f) => issue.path === f);
      if (field) form.setError(field, { type: "server", message: issue.message });
      else unmatched = true;
    }
    if (result.code === "password.rejected")
      form.setError("password", { type: "server", message: result.message });
    else if (unmatched) setServerError(result.message);
  });

  return (
    <form method="post" onSubmit={onSubmit} noValidate aria-label="Create an account">
      <fieldset disabled={!hydrated} className="grid min-w-0 gap-4">
        <FormError message={serverError} />
        <FormField label="Email" error={errors.email?.message}>
          <Input type="email" autoComplete="email" {...form.register("email")} />
        </FormField>
        <FormField label="Name (optional)" error={errors.name?.message}>
          <Input autoComplete="name" {...form.register("name")} />
        </FormField>
        <FormField
          label="Password"
          hint={`At least ${minPasswordLength} characters. A few unrelated words make a strong one.`}
          error={errors.password?.message}
        >
          <Input type="password" autoComplete="new-password" {...form.register("password")} />
        </FormField>
        <Button
          type="submit"
          pending={isSubmitting}
          className="w-full"
          data-testid="sign-up-submit"
        >
          Create account
        </Button>
        <p className="text-center text-sm text-muted-foreground">
          Already have an account?{" "}
          <a
            className="font-medium text-primary underline-offset-4 hover:underline"
            href={signInHref}
          >
            Sign in
          </a>
        </p>
      </fieldset>
    </form>
  );
}

function VerifyCodeStep({
  email,
  challengeToken,
  callbackUrl,
}: {
  email: string;
  challengeToken: string;
  callbackUrl: string;
}) {
  const [serverError, setServerError] = useState<string | null>(null);
  const [redirecting, setRedirecting] = useState(false);
  const [resend, setResend] = useState<{ pending: boolean; message: string | null }>({
    pending: false,
    message: null,
  });
  const form = useForm({ resolver: zodResolver(codeForm), defaultValues: { code: "" } });
  const hydrated = useHydratedForm(form, "code");
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async ({ code }) => {
    setServerError(null);
    const verified = await verifyEmailCodeAction({ email, code });
    if (!verified.ok) return setServerError(verified.message);
    setRedirecting(true);
    const signedIn = await signIn("credentials", { challengeToken, redirect: false, callbackUrl });
    if (!signedIn || signedIn.error) {
      // Verified, but the sign-in window has passed: the password still works.
      window.location.assign(`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`);
      return;
    }
    window.location.assign(callbackUrl);
  });

  return (
    <div className="grid gap-4" data-testid="sign-up-verify">
      <div className="grid gap-1">
        <h2 className="text-base font-semibold">Check your email</h2>
        <p className="text-sm text-muted-foreground">
          We sent a 6-digit code to <span className="font-medium text-foreground">{email}</span>. It
          expires in 10 minutes.
        </p>
      </div>
      <form method="post" onSubmit={onSubmit} noValidate aria-label="Verify your email">
        <fieldset disabled={!hydrated || redirecting} className="grid min-w-0 gap-4">
          <FormError message={serverError} />
          <FormField label="Verification code" error={errors.code?.message}>
            <Input
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={9}
              {...form.register("code")}
            />
          </FormField>
          <Button
            type="submit"
            pending={isSubmitting || redirecting}
            className="w-full"
            data-testid="verify-code-submit"
          >
            Verify
          </Button>
        </fieldset>
      </form>
      <div className="grid gap-2 text-sm text-muted-foreground">
        <p>
          No email? Check your spam folder, or send a new code (the previous one stops working).
        </p>
        <div>
          <Button
            type="button"
            variant="outline"
            size="sm"
            pending={resend.pending}
            disabled={!hydrated || redirecting}
            data-testid="resend-code"
            onClick={async () => {
              setResend({ pending: true, message: null });
              const sent = await resendSignUpCodeAction({ challengeToken, email });
              setResend({
                pending: false,
                message: sent.ok ? `We sent a new code to ${email}.` : sent.message,
              });
            }}
          >
            Send a new code
          </Button>
        </div>
        {resend.message ? (
          <p role="status" data-testid="resend-code-status">
            {resend.message}
          </p>
        ) : null}
      </div>
    </div>
  );
}
