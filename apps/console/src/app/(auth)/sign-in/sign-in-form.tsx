"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { signInInput } from "@guildhall/validators";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { useHydratedForm } from "@/lib/use-hydrated";

export function SignInForm({
  callbackUrl,
  initialError,
}: {
  callbackUrl: string;
  initialError: string | null;
}) {
  const [serverError, setServerError] = useState<string | null>(initialError);
  const [redirecting, setRedirecting] = useState(false);
  const form = useForm({
    resolver: zodResolver(signInInput),
    defaultValues: { email: "", password: "" },
  });
  const hydrated = useHydratedForm(form, "email");
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setServerError(null);
    const result = await signIn("credentials", { ...values, redirect: false, callbackUrl });
    if (!result || result.error) {
      setServerError(
        !result || result.error === "CredentialsSignin"
          ? "Email or password is incorrect."
          : result.error,
      );
      return;
    }
    setRedirecting(true);
    // A full load: the destination may be outside Next (the OIDC interaction pages), and
    // console layouts must render again with the new session.
    window.location.assign(callbackUrl);
  });

  return (
    <form method="post" onSubmit={onSubmit} noValidate aria-label="Sign in">
      <fieldset disabled={!hydrated} className="grid min-w-0 gap-4">
        <FormError message={serverError} />
        <FormField label="Email" error={errors.email?.message}>
          <Input type="email" autoComplete="username" {...form.register("email")} />
        </FormField>
        <FormField label="Password" error={errors.password?.message}>
          <Input type="password" autoComplete="current-password" {...form.register("password")} />
        </FormField>
        <Button
          type="submit"
          pending={isSubmitting || redirecting}
          className="w-full"
          data-testid="sign-in-submit"
        >
          Sign in
        </Button>
      </fieldset>
    </form>
  );
}
