"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { setupInput } from "@guildhall/validators";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { signInNewAccount } from "@/features/sign-in/sign-in-new-account";
import { completeSetupAction } from "./actions";
import { useHydratedForm } from "@/lib/use-hydrated";

const FIELDS = ["email", "name", "password"] as const;

export function SetupForm() {
  const router = useRouter();
  const [serverError, setServerError] = useState<string | null>(null);
  const [redirecting, setRedirecting] = useState(false);
  const form = useForm({
    resolver: zodResolver(setupInput),
    defaultValues: { email: "", name: "", password: "" },
  });
  const hydrated = useHydratedForm(form, "name");
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setServerError(null);
    const result = await completeSetupAction(values);
    if (!result.ok) {
      if (result.code === "setup.already_completed") {
        router.replace("/sign-in");
        return;
      }
      let unmatched = result.issues.length === 0;
      for (const issue of result.issues) {
        const field = FIELDS.find((f) => issue.path === f);
        if (field) form.setError(field, { type: "server", message: issue.message });
        else unmatched = true;
      }
      if (result.code === "user.email_taken")
        form.setError("email", { type: "server", message: result.message });
      else if (unmatched) setServerError(result.message);
      return;
    }
    // Sign the new admin in with the password just chosen (no second factor yet).
    setRedirecting(true);
    if (!(await signInNewAccount(values.email, values.password))) {
      router.replace("/sign-in");
      return;
    }
    router.replace("/");
    router.refresh();
  });

  return (
    <form method="post" onSubmit={onSubmit} noValidate aria-label="Create the first console admin">
      <fieldset disabled={!hydrated} className="grid min-w-0 gap-4">
        <FormError message={serverError} />
        <FormField label="Your name" error={errors.name?.message}>
          <Input autoComplete="name" {...form.register("name")} />
        </FormField>
        <FormField label="Email" error={errors.email?.message}>
          <Input type="email" autoComplete="email" {...form.register("email")} />
        </FormField>
        <FormField label="Password" hint="At least 8 characters." error={errors.password?.message}>
          <Input type="password" autoComplete="new-password" {...form.register("password")} />
        </FormField>
        <Button
          type="submit"
          pending={isSubmitting || redirecting}
          className="w-full"
          data-testid="setup-submit"
        >
          Create admin account
        </Button>
      </fieldset>
    </form>
  );
}
