"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { passkeyName } from "@guildhall/validators";
import {
  startRegistration,
  type PublicKeyCredentialCreationOptionsJSON,
} from "@simplewebauthn/browser";
import { useMutation } from "@tanstack/react-query";
import { KeyRound } from "lucide-react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { errorMessage } from "@/lib/errors";
import { passkeyErrorMessage } from "@/lib/passkey-errors";
import { useHydrated } from "@/lib/use-hydrated";
import { useTRPC } from "@/trpc/react";

const nameForm = z.object({ name: z.union([z.literal(""), passkeyName]) });

/** Adding a passkey: an optional name, then the browser's prompt (Touch ID, a security key…). */
export function PasskeyEnrollment({ onEnrolled }: { onEnrolled: () => void }) {
  const trpc = useTRPC();
  const hydrated = useHydrated();
  const start = useMutation(trpc.account.mfa.passkey.start.mutationOptions());
  const finish = useMutation(trpc.account.mfa.passkey.finish.mutationOptions());
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ resolver: zodResolver(nameForm), defaultValues: { name: "" } });

  const onSubmit = form.handleSubmit(async ({ name }) => {
    setFormError(null);
    setBusy(true);
    try {
      const { challengeToken, options } = await start.mutateAsync();
      let response;
      try {
        response = await startRegistration({
          optionsJSON: options as unknown as PublicKeyCredentialCreationOptionsJSON,
        });
      } catch (error) {
        setFormError(passkeyErrorMessage(error));
        return;
      }
      await finish.mutateAsync({
        challengeToken,
        name: name || undefined,
        response: { ...response, clientExtensionResults: { ...response.clientExtensionResults } },
      });
      form.reset();
      setOpen(false);
      onEnrolled();
    } catch (error) {
      setFormError(errorMessage(error));
    } finally {
      setBusy(false);
    }
  });

  if (!open)
    return (
      <div>
        <Button
          variant="outline"
          disabled={!hydrated}
          onClick={() => setOpen(true)}
          data-testid="passkey-add"
        >
          <KeyRound aria-hidden />
          Add a passkey
        </Button>
      </div>
    );
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="grid gap-3 rounded-md border border-border p-4"
      aria-label="Add a passkey"
    >
      <h3 className="font-semibold">Add a passkey</h3>
      <p className="text-sm text-muted-foreground">
        Your browser asks you to use your fingerprint, face, screen lock or a security key.
      </p>
      <FormError message={formError} />
      <FormField
        label="Passkey name"
        hint="Optional: helps you tell your passkeys apart, e.g. “Work laptop”."
        error={form.formState.errors.name?.message}
      >
        <Input autoComplete="off" {...form.register("name")} />
      </FormField>
      <div className="flex justify-end gap-2">
        <Button variant="ghost" disabled={busy} onClick={() => setOpen(false)}>
          Cancel
        </Button>
        <Button type="submit" pending={busy} data-testid="passkey-create">
          Create passkey
        </Button>
      </div>
    </form>
  );
}
