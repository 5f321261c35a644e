"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { SaveBar } from "@/components/ui/save-bar";
import { Card, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormError } from "@/components/ui/form-field";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";
import { applyWebhookServerErrors } from "./server-errors";
import type { WebhookDetailData } from "./webhook-detail";
import { WebhookFields } from "./webhook-fields";
import {
  webhookFormSchema,
  webhookFormValues,
  webhookRequest,
  type WebhookFormInput,
  type WebhookFormValues,
} from "./webhook-form";

/** Name, endpoint, events, headers and enabled, saved together. */
export function WebhookSettingsCard({ webhook }: { webhook: WebhookDetailData }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<WebhookFormInput, unknown, WebhookFormValues>({
    resolver: zodResolver(webhookFormSchema),
    defaultValues: webhookFormValues(webhook),
  });
  const update = useMutation(
    trpc.webhook.update.mutationOptions({
      onSuccess: async (saved) => {
        toast.success("Webhook saved");
        form.reset(webhookFormValues(saved));
        queryClient.setQueryData(trpc.webhook.get.queryKey({ id: saved.id }), saved);
        await queryClient.invalidateQueries(trpc.webhook.list.pathFilter());
      },
      onError: (error) => setFormError(applyWebhookServerErrors(error, form.setError)),
    }),
  );
  const onSubmit = form.handleSubmit((values) => {
    setFormError(null);
    update.mutate({ id: webhook.id, ...webhookRequest(values) });
  });
  const dirty = form.formState.isDirty;

  return (
    <Card>
      <CardHeader
        title="Settings"
        description="Changes apply to events from now on; deliveries already queued go to the new endpoint with the new headers."
      />
      <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-label="Webhook settings">
        <FormError message={formError} />
        <WebhookFields form={form} />
        <SaveBar
          dirty={dirty}
          pending={update.isPending}
          onDiscard={() => {
            form.reset(webhookFormValues(webhook));
            setFormError(null);
          }}
          saveLabel="Save"
          saveTestId="webhook-save"
        />
      </form>
    </Card>
  );
}

/** Deletes the webhook and its delivery log, after asking. */
export function DeleteWebhookCard({ webhook }: { webhook: WebhookDetailData }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const remove = useMutation(
    trpc.webhook.delete.mutationOptions({
      onSuccess: async () => {
        toast.success(`Webhook ${webhook.name} deleted`);
        setOpen(false);
        await queryClient.invalidateQueries(trpc.webhook.list.pathFilter());
        router.push("/webhooks");
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  return (
    <Card className="border-danger/40">
      <CardHeader
        title="Delete webhook"
        description="Your endpoint stops receiving events from Guildhall."
        action={
          <Button variant="danger" onClick={() => setOpen(true)} data-testid="delete-webhook">
            Delete webhook
          </Button>
        }
      />
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title={`Delete ${webhook.name}?`}
        description="This cannot be undone."
        impact={`${webhook.config.url} receives no more events; deliveries still waiting or retrying are dropped, and the delivery log is deleted.`}
        confirmLabel="Delete webhook"
        pending={remove.isPending}
        onConfirm={() => remove.mutate({ id: webhook.id })}
      />
    </Card>
  );
}
