"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { createUserInput } from "@guildhall/validators";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import { applyServerErrors } from "@/lib/errors";
import { userLabel } from "@/lib/user-label";
import { useTRPC } from "@/trpc/react";

const schema = createUserInput.pick({
  email: true,
  username: true,
  primaryPhone: true,
  name: true,
  password: true,
});
const EMPTY = {
  email: undefined,
  username: undefined,
  primaryPhone: undefined,
  name: undefined,
  password: undefined,
};
// An empty optional field is absent, not an invalid value.
const optional = { setValueAs: (v: string | undefined) => (v?.trim() ? v : undefined) };

export function CreateUserDialog({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ resolver: zodResolver(schema), defaultValues: EMPTY });
  const { errors } = form.formState;
  useEffect(() => {
    if (open) {
      form.reset(EMPTY);
      setFormError(null);
    }
  }, [open, form]);

  const create = useMutation(
    trpc.user.create.mutationOptions({
      onSuccess: async (user) => {
        toast.success(`User ${userLabel(user)} created`);
        onOpenChange(false);
        await queryClient.invalidateQueries(trpc.user.list.pathFilter());
        router.push(`/users/${user.id}`);
      },
      onError: (error) =>
        setFormError(
          applyServerErrors(
            error,
            form.setError,
            ["email", "username", "primaryPhone", "name", "password"],
            {
              "user.email_taken": "email",
              "user.username_taken": "username",
              "user.phone_taken": "primaryPhone",
            },
          ),
        ),
    }),
  );

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent
        title="Create user"
        description="Adds a person to the user pool. Every field is optional; without an email, the user cannot be invited or sent password resets. Add them to organizations afterwards."
      >
        <form
          onSubmit={form.handleSubmit((v) => {
            setFormError(null);
            create.mutate({
              email: v.email,
              username: v.username,
              primaryPhone: v.primaryPhone,
              name: v.name ?? null,
              password: v.password,
            });
          })}
          noValidate
          className="grid gap-4"
          aria-label="Create user"
        >
          <FormError message={formError} />
          <FormField label="Email" error={errors.email?.message}>
            <Input type="email" autoComplete="off" {...form.register("email", optional)} />
          </FormField>
          <FormField
            label="Username"
            hint="Letters, digits and underscores; not starting with a digit. The user can sign in with it."
            error={errors.username?.message}
          >
            <Input autoComplete="off" spellCheck={false} {...form.register("username", optional)} />
          </FormField>
          <FormField
            label="Phone number"
            hint="Digits only, country code first (e.g. 15551234567)."
            error={errors.primaryPhone?.message}
          >
            <Input
              type="tel"
              inputMode="numeric"
              autoComplete="off"
              {...form.register("primaryPhone", optional)}
            />
          </FormField>
          <FormField label="Name" error={errors.name?.message}>
            <Input autoComplete="off" {...form.register("name", optional)} />
          </FormField>
          <FormField
            label="Password"
            hint="Optional. Without one, the user signs in another way (e.g. an invitation link)."
            error={errors.password?.message}
          >
            <Input
              type="password"
              autoComplete="new-password"
              {...form.register("password", {
                setValueAs: (v: string) => (v === "" ? undefined : v),
              })}
            />
          </FormField>
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="outline">Cancel</Button>
            </DialogClose>
            <Button type="submit" pending={create.isPending} data-testid="user-submit">
              Create user
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
