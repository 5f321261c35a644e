"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { confirmEmailChangeInput, requestEmailChangeInput } from "@guildhall/validators";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import { applyServerErrors, errorMessage } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";
import type { RouterOutputs } from "@/trpc/types";

type OwnAccount = RouterOutputs["account"]["get"];

/** The address, whether it is verified, and changing it (proved by a code sent to the new one). */
export function EmailSettings({ account }: { account: OwnAccount }) {
  const trpc = useTRPC();
  const resend = useMutation(trpc.account.sendEmailVerification.mutationOptions());
  const [pendingEmail, setPendingEmail] = useState<string | null>(null);

  return (
    <Card>
      <CardHeader title="Email address" />
      <div className="grid gap-5">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div className="flex flex-wrap items-center gap-2">
            <span className="font-medium" data-testid="account-profile-email">
              {account.email ?? "No email address: add one below to get invitations and resets."}
            </span>
            {account.email === null ? null : account.emailVerified ? (
              <Badge tone="success">Verified</Badge>
            ) : (
              <Badge tone="warning">Unverified</Badge>
            )}
          </div>
          {account.emailVerified || account.email === null ? null : (
            <Button
              variant="outline"
              size="sm"
              pending={resend.isPending}
              onClick={() =>
                resend.mutate(undefined, {
                  onSuccess: () =>
                    toast.success(`We sent a verification email to ${account.email}.`),
                  onError: (error) => toast.error(errorMessage(error)),
                })
              }
            >
              Resend verification email
            </Button>
          )}
        </div>
        {pendingEmail ? (
          <ConfirmEmailForm newEmail={pendingEmail} onDone={() => setPendingEmail(null)} />
        ) : (
          <RequestEmailForm onRequested={setPendingEmail} />
        )}
      </div>
    </Card>
  );
}

function RequestEmailForm({ onRequested }: { onRequested: (email: string) => void }) {
  const trpc = useTRPC();
  const request = useMutation(trpc.account.requestEmailChange.mutationOptions());
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    resolver: zodResolver(requestEmailChangeInput),
    defaultValues: { newEmail: "" },
  });
  const onSubmit = form.handleSubmit((values) => {
    setFormError(null);
    request.mutate(values, {
      onSuccess: () => onRequested(values.newEmail),
      onError: (error) =>
        setFormError(
          applyServerErrors(error, form.setError, ["newEmail"], { "user.email_taken": "newEmail" }),
        ),
    });
  });
  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-3" aria-label="Change email address">
      <FormError message={formError} />
      <FormField
        label="New email address"
        hint="We send a code to the new address; the change happens once you enter it."
        error={form.formState.errors.newEmail?.message}
      >
        <Input type="email" autoComplete="email" {...form.register("newEmail")} />
      </FormField>
      <div className="flex justify-end">
        <Button type="submit" variant="outline" pending={request.isPending}>
          Send code
        </Button>
      </div>
    </form>
  );
}

function ConfirmEmailForm({ newEmail, onDone }: { newEmail: string; onDone: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const confirm = useMutation(trpc.account.confirmEmailChange.mutationOptions());
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    resolver: zodResolver(confirmEmailChangeInput),
    defaultValues: { code: "" },
  });
  const onSubmit = form.handleSubmit((values) => {
    setFormError(null);
    confirm.mutate(values, {
      onSuccess: ({ email }) => {
        toast.success(`Your email address is now ${email}.`);
        onDone();
        void queryClient.invalidateQueries({ queryKey: trpc.account.get.queryKey() });
        // The header shows the address too.
        router.refresh();
      },
      onError: (error) =>
        setFormError(applyServerErrors(error, form.setError, ["code"], { "code.invalid": "code" })),
    });
  });
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="grid gap-3"
      aria-label="Confirm new email address"
    >
      <p className="text-sm" role="status">
        We sent a 6-digit code to <span className="font-medium">{newEmail}</span>. It expires in 10
        minutes.
      </p>
      <FormError message={formError} />
      <FormField label="Verification code" error={form.formState.errors.code?.message}>
        <Input
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={9}
          autoFocus
          {...form.register("code")}
        />
      </FormField>
      <div className="flex justify-end gap-2">
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" pending={confirm.isPending}>
          Confirm email address
        </Button>
      </div>
    </form>
  );
}
