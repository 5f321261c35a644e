"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { requestPasswordResetInput } from "@guildhall/validators";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { useHydratedForm } from "@/lib/use-hydrated";
import { requestPasswordResetAction } from "./actions";

/** Asks for a reset link. The answer never says whether the address has an account. */
export function ForgotPasswordForm({ signInHref }: { signInHref: string }) {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [serverError, setServerError] = useState<string | null>(null);
  const form = useForm({
    resolver: zodResolver(requestPasswordResetInput),
    defaultValues: { email: "" },
  });
  const hydrated = useHydratedForm(form, "email");
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setServerError(null);
    const result = await requestPasswordResetAction(values);
    if (result.ok) setSentTo(values.email);
    else setServerError(result.message);
  });

  const back = (
    <a
      className="text-center text-sm font-medium text-primary underline-offset-4 hover:underline"
      href={signInHref}
    >
      Back to sign in
    </a>
  );

  if (sentTo)
    return (
      <div className="grid gap-4" role="status" data-testid="reset-requested">
        <p className="text-sm">
          If an account exists for <span className="font-medium">{sentTo}</span>, we sent it a link
          to choose a new password. The link works once and expires in 1 hour.
        </p>
        {back}
      </div>
    );

  return (
    <form method="post" onSubmit={onSubmit} noValidate aria-label="Reset your password">
      <fieldset disabled={!hydrated} className="grid min-w-0 gap-4">
        <FormError message={serverError} />
        <FormField label="Email" error={errors.email?.message}>
          <Input type="email" autoComplete="email" {...form.register("email")} />
        </FormField>
        <Button type="submit" pending={isSubmitting} className="w-full" data-testid="forgot-submit">
          Send reset link
        </Button>
        {back}
      </fieldset>
    </form>
  );
}
