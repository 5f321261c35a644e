"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { imageUrl, text } from "@guildhall/validators";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import { useState } from "react";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { ErrorState, Skeleton } from "@/components/ui/states";
import { toast } from "@/components/ui/toaster";
import { applyServerErrors, errorMessage } from "@/lib/errors";
import { userLabel } from "@/lib/user-label";
import { useTRPC } from "@/trpc/react";
import type { RouterOutputs } from "@/trpc/types";
import { EmailSettings } from "./email-settings";

type OwnAccount = RouterOutputs["account"]["get"];

/** The Profile page: name and avatar, then the email address. */
export function ProfileSettings() {
  const trpc = useTRPC();
  const query = useQuery(trpc.account.get.queryOptions());
  if (query.isPending)
    return (
      <div className="grid gap-4">
        <Skeleton className="h-48" />
        <Skeleton className="h-32" />
      </div>
    );
  if (query.isError)
    return <ErrorState message={errorMessage(query.error)} onRetry={() => void query.refetch()} />;
  return (
    <div className="grid gap-6">
      <ProfileCard account={query.data} />
      <EmailSettings account={query.data} />
    </div>
  );
}

// Empty fields clear the value: the form keeps strings, the request sends null.
const profileForm = z.object({
  name: text().trim().max(128, "Name must be at most 128 characters"),
  avatarUrl: z.union([z.literal(""), imageUrl()]),
});

function ProfileCard({ account }: { account: OwnAccount }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    resolver: zodResolver(profileForm),
    values: { name: account.name ?? "", avatarUrl: account.avatarUrl ?? "" },
  });
  const { errors, isDirty } = form.formState;
  const update = useMutation(trpc.account.updateProfile.mutationOptions());

  const onSubmit = form.handleSubmit((values) => {
    setFormError(null);
    update.mutate(
      { name: values.name || null, avatarUrl: values.avatarUrl || null },
      {
        onSuccess: () => {
          toast.success("Profile saved");
          void queryClient.invalidateQueries({ queryKey: trpc.account.get.queryKey() });
        },
        onError: (error) =>
          setFormError(applyServerErrors(error, form.setError, ["name", "avatarUrl"])),
      },
    );
  });

  return (
    <Card>
      <CardHeader title="Name and avatar" description="How you appear to organizations and apps." />
      <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-label="Name and avatar">
        <FormError message={formError} />
        <div className="flex items-start gap-4">
          {account.avatarUrl ? (
            <img
              src={account.avatarUrl}
              alt="Your avatar"
              className="size-14 shrink-0 rounded-full border border-border object-cover"
            />
          ) : (
            <div
              className="flex size-14 shrink-0 items-center justify-center rounded-full bg-muted text-lg font-semibold"
              aria-hidden
            >
              {userLabel(account).slice(0, 1).toUpperCase()}
            </div>
          )}
          <div className="grid flex-1 gap-4">
            <FormField label="Name" error={errors.name?.message}>
              <Input autoComplete="name" {...form.register("name")} />
            </FormField>
            <FormField
              label="Avatar URL"
              hint="An https:// link to a square image."
              error={errors.avatarUrl?.message}
            >
              <Input type="url" inputMode="url" {...form.register("avatarUrl")} />
            </FormField>
          </div>
        </div>
        <div className="flex justify-end">
          <Button type="submit" pending={update.isPending} disabled={!isDirty}>
            Save profile
          </Button>
        </div>
      </form>
    </Card>
  );
}
