"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { changeOwnPasswordInput } from "@guildhall/validators";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import { applyServerErrors } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";

const passwordForm = changeOwnPasswordInput
  .extend({ confirm: z.string() })
  .refine((v) => v.newPassword === v.confirm, {
    path: ["confirm"],
    message: "The passwords do not match",
  });

/** Change password: proves the current one; every other session ends, this one stays. */
export function PasswordCard({
  hasPassword,
  minPasswordLength,
}: {
  hasPassword: boolean;
  minPasswordLength: number;
}) {
  const trpc = useTRPC();
  const change = useMutation(trpc.account.changePassword.mutationOptions());
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    resolver: zodResolver(passwordForm),
    defaultValues: { currentPassword: "", newPassword: "", confirm: "" },
  });
  const { errors } = form.formState;

  const onSubmit = form.handleSubmit(({ currentPassword, newPassword }) => {
    setFormError(null);
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          form.reset();
          toast.success("Password changed. Your other sessions were signed out.");
        },
        onError: (error) =>
          setFormError(
            applyServerErrors(error, form.setError, ["currentPassword", "newPassword"], {
              "password.incorrect": "currentPassword",
              "password.rejected": "newPassword",
            }),
          ),
      },
    );
  });

  return (
    <Card>
      <CardHeader
        title="Password"
        description="Changing it signs you out everywhere else, apps included."
      />
      {hasPassword ? (
        <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-label="Change password">
          <FormError message={formError} />
          <FormField label="Current password" error={errors.currentPassword?.message}>
            <Input
              type="password"
              autoComplete="current-password"
              {...form.register("currentPassword")}
            />
          </FormField>
          <FormField
            label="New password"
            hint={`At least ${minPasswordLength} characters.`}
            error={errors.newPassword?.message}
          >
            <Input type="password" autoComplete="new-password" {...form.register("newPassword")} />
          </FormField>
          <FormField label="Confirm new password" error={errors.confirm?.message}>
            <Input type="password" autoComplete="new-password" {...form.register("confirm")} />
          </FormField>
          <div className="flex justify-end">
            <Button type="submit" pending={change.isPending}>
              Change password
            </Button>
          </div>
        </form>
      ) : (
        <p className="text-sm text-muted-foreground">
          Your account has no password yet. To set one, sign out and use “Forgot password?” on the
          sign-in page.
        </p>
      )}
    </Card>
  );
}
