"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/form-field";
import { toast } from "@/components/ui/toaster";
import { CopyButton } from "@/features/applications/copy-button";
import { useTRPC } from "@/trpc/react";
import { VerificationNote } from "./verification-note";
import { WebhookFields } from "./webhook-fields";
import {
  emptyWebhookForm,
  webhookFormSchema,
  webhookRequest,
  type WebhookFormInput,
  type WebhookFormValues,
} from "./webhook-form";
import { applyWebhookServerErrors } from "./server-errors";

/**
 * Creates a webhook, then shows its signing key (with how to verify) before opening the
 * webhook's page, where the key can be seen again.
 */
export function CreateWebhookDialog({
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
  const [created, setCreated] = useState<{ id: string; name: string; signingKey: string } | null>(
    null,
  );
  const form = useForm<WebhookFormInput, unknown, WebhookFormValues>({
    resolver: zodResolver(webhookFormSchema),
    defaultValues: emptyWebhookForm,
  });

  useEffect(() => {
    if (open) {
      form.reset(emptyWebhookForm);
      setFormError(null);
    }
  }, [open, form]);

  const create = useMutation(
    trpc.webhook.create.mutationOptions({
      onSuccess: async (webhook) => {
        toast.success(`Webhook ${webhook.name} created`);
        onOpenChange(false);
        setCreated({ id: webhook.id, name: webhook.name, signingKey: webhook.signingKey });
        await queryClient.invalidateQueries(trpc.webhook.list.pathFilter());
      },
      onError: (error) => setFormError(applyWebhookServerErrors(error, form.setError)),
    }),
  );

  const onSubmit = form.handleSubmit((values) => {
    setFormError(null);
    create.mutate(webhookRequest(values));
  });

  return (
    <>
      <Dialog open={open} onOpenChange={onOpenChange}>
        <DialogContent
          wide
          className="max-w-3xl"
          title="Create webhook"
          description="Guildhall POSTs the events you choose to your endpoint as they happen, signed so it can check they came from here. Failed deliveries are retried with backoff."
        >
          <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-label="Create webhook">
            <FormError message={formError} />
            <WebhookFields form={form} />
            <DialogFooter>
              <DialogClose asChild>
                <Button variant="outline">Cancel</Button>
              </DialogClose>
              <Button type="submit" pending={create.isPending} data-testid="webhook-submit">
                Create webhook
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>
      <SigningKeyDialog
        created={created}
        onDone={() => {
          if (created) router.push(`/webhooks/${created.id}`);
          setCreated(null);
        }}
      />
    </>
  );
}

/** The new webhook's signing key, with a copy button and how a receiver verifies with it. */
function SigningKeyDialog({
  created,
  onDone,
}: {
  created: { name: string; signingKey: string } | null;
  onDone: () => void;
}) {
  return (
    <Dialog open={created !== null} onOpenChange={(o) => !o && onDone()}>
      <DialogContent
        wide
        title="Your webhook's signing key"
        description={
          created
            ? `Give it to the endpoint of “${created.name}” so it can verify each request. It stays on the webhook's page; rotating it there makes a new one.`
            : undefined
        }
      >
        <div className="flex items-center gap-2">
          <code
            className="min-w-0 flex-1 rounded-md border border-border bg-muted px-2.5 py-2 font-mono text-xs break-all"
            data-testid="webhook-signing-key"
          >
            {created?.signingKey}
          </code>
          {created ? <CopyButton value={created.signingKey} label="Copy signing key" /> : null}
        </div>
        <VerificationNote />
        <DialogFooter>
          <DialogClose asChild>
            <Button data-testid="signing-key-done">Open the webhook</Button>
          </DialogClose>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
