"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { newPassword } from "@guildhall/validators";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { buttonClasses, Button } from "@/components/ui/button";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { useHydratedForm } from "@/lib/use-hydrated";
import { resetPasswordAction } from "./actions";

const resetForm = z
  .object({ password: newPassword, confirm: z.string() })
  .refine((v) => v.password === v.confirm, {
    path: ["confirm"],
    message: "The passwords do not match",
  });

/** Chooses a new password with the emailed link's token. */
export function ResetPasswordForm({
  token,
  minPasswordLength,
}: {
  token: string;
  minPasswordLength: number;
}) {
  const [done, setDone] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);
  const form = useForm({
    resolver: zodResolver(resetForm),
    defaultValues: { password: "", confirm: "" },
  });
  const hydrated = useHydratedForm(form, "password");
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async ({ password }) => {
    setServerError(null);
    const result = await resetPasswordAction({ token, password });
    if (result.ok) return setDone(true);
    if (result.code === "password.rejected")
      form.setError("password", { type: "server", message: result.message });
    else setServerError(result.message);
  });

  if (done)
    return (
      <div className="grid gap-4" role="status" data-testid="password-reset-done">
        <p className="text-sm">
          Your password was changed. You were signed out everywhere; sign in with the new one.
        </p>
        <a href="/sign-in" className={buttonClasses("primary", "md", "w-full")}>
          Sign in
        </a>
      </div>
    );

  return (
    <form method="post" onSubmit={onSubmit} noValidate aria-label="Choose a new password">
      <fieldset disabled={!hydrated} className="grid min-w-0 gap-4">
        <FormError message={serverError} />
        <FormField
          label="New password"
          hint={`At least ${minPasswordLength} characters.`}
          error={errors.password?.message}
        >
          <Input type="password" autoComplete="new-password" {...form.register("password")} />
        </FormField>
        <FormField label="Confirm new password" error={errors.confirm?.message}>
          <Input type="password" autoComplete="new-password" {...form.register("confirm")} />
        </FormField>
        <Button type="submit" pending={isSubmitting} className="w-full" data-testid="reset-submit">
          Change password
        </Button>
      </fieldset>
    </form>
  );
}
