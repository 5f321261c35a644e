"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { sendTestEmailInput, type SendTestEmailResult } from "@guildhall/validators";
import { useMutation, useQuery } from "@tanstack/react-query";
import { CheckCircle2, Clock, Info, Send, XCircle } from "lucide-react";
import Link from "next/link";
import { useState, type ReactNode } from "react";
import { useForm } from "react-hook-form";
import { useCurrentUser } from "@/components/shell/current-user";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { ErrorState, Skeleton } from "@/components/ui/states";
import { applyServerErrors } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";
import type { RouterOutputs } from "@/trpc/types";

type Transport = RouterOutputs["emailSettings"]["get"];

/** The Email settings page: how email leaves this server, and a test email to prove it. */
export function EmailSettings() {
  const trpc = useTRPC();
  const settings = useQuery(trpc.emailSettings.get.queryOptions());
  return (
    <>
      <PageHeader
        title="Email settings"
        description="How Guildhall delivers invitations, verification codes and password resets."
      />
      {settings.isPending ? (
        <Skeleton className="h-40" />
      ) : settings.isError ? (
        <ErrorState
          message="The email settings could not be loaded."
          onRetry={() => void settings.refetch()}
        />
      ) : (
        <div className="grid gap-6">
          <TransportCard transport={settings.data} />
          <TestEmailCard transport={settings.data} />
        </div>
      )}
    </>
  );
}

function Row({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="grid gap-0.5 sm:grid-cols-[10rem_1fr] sm:gap-3">
      <dt className="text-sm text-muted-foreground">{term}</dt>
      <dd className="text-sm break-all">{children}</dd>
    </div>
  );
}

function TransportCard({ transport }: { transport: Transport }) {
  return (
    <Card>
      <CardHeader
        title="Transport"
        description="Set by the server's environment (SMTP_URL, EMAIL_FROM); change it there and restart."
      />
      <dl className="grid gap-3" data-testid="email-transport">
        <Row term="Delivery">
          {transport.kind === "smtp" ? (
            <Badge tone="success">SMTP</Badge>
          ) : (
            <Badge tone="warning">Local outbox (not sent)</Badge>
          )}
        </Row>
        {transport.kind === "smtp" ? (
          <>
            <Row term="Server">
              <span className="font-mono" data-testid="smtp-server">
                {transport.host}:{transport.port}
              </span>
            </Row>
            <Row term="Encryption">
              {transport.secure ? "TLS (smtps://)" : "STARTTLS when the server offers it"}
            </Row>
          </>
        ) : null}
        <Row term="From">
          <span className="font-mono">{transport.from}</span>
        </Row>
      </dl>
      {transport.kind === "local" ? (
        <div
          role="note"
          className="mt-4 flex gap-3 rounded-md border border-border bg-muted/60 p-3 text-sm"
          data-testid="smtp-howto"
        >
          <Info className="mt-0.5 size-4 shrink-0 text-muted-foreground" aria-hidden />
          <div className="grid gap-2">
            <p>
              No SMTP server is configured: emails are kept in the outbox (the{" "}
              <Link href="/emails" className="font-medium text-primary hover:underline">
                Emails
              </Link>{" "}
              page) and logged, never sent. To send them, start Guildhall with:
            </p>
            <pre className="overflow-x-auto rounded bg-card p-2 font-mono text-xs">
              {`SMTP_URL=smtp://user:password@smtp.example.com:587   # or smtps://…:465
EMAIL_FROM="Acme <no-reply@acme.com>"`}
            </pre>
          </div>
        </div>
      ) : null}
    </Card>
  );
}

function TestEmailCard({ transport }: { transport: Transport }) {
  const trpc = useTRPC();
  const user = useCurrentUser();
  const [formError, setFormError] = useState<string | null>(null);
  const [sent, setSent] = useState<SendTestEmailResult | null>(null);
  const form = useForm({
    resolver: zodResolver(sendTestEmailInput),
    defaultValues: { to: user.email ?? "" },
  });
  const send = useMutation(
    trpc.emailSettings.sendTest.mutationOptions({
      onSuccess: (result) => setSent(result),
      onError: (error) => setFormError(applyServerErrors(error, form.setError, ["to"])),
    }),
  );
  const onSubmit = form.handleSubmit((values) => {
    setFormError(null);
    setSent(null);
    send.mutate(values);
  });
  return (
    <Card>
      <CardHeader
        title="Send test email"
        description={
          transport.kind === "smtp"
            ? `Sends a short email through ${transport.host}, so you can check it arrives.`
            : "Queues a short email in the local outbox: without SMTP it is not sent, but you can see it on the Emails page."
        }
      />
      <form noValidate onSubmit={onSubmit} className="grid gap-4" aria-label="Send test email">
        <FormError message={formError} />
        <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
          <FormField
            label="Recipient"
            required
            error={form.formState.errors.to?.message}
            className="flex-1"
          >
            <Input type="email" autoComplete="email" {...form.register("to")} />
          </FormField>
          <Button type="submit" pending={send.isPending} data-testid="send-test-email">
            <Send aria-hidden />
            Send test email
          </Button>
        </div>
      </form>
      {sent ? <Delivery sent={sent} /> : null}
    </Card>
  );
}

/** What happened to the test email, read from the outbox until it settles. */
function Delivery({ sent }: { sent: SendTestEmailResult }) {
  const trpc = useTRPC();
  const email = useQuery({
    ...trpc.email.get.queryOptions({ id: sent.id }),
    // Until the worker has settled it: sent, kept locally, or failed.
    refetchInterval: (query) =>
      query.state.data?.status === "Sent" || query.state.data?.status === "Failed" ? false : 2000,
  });
  const status = email.data?.status;
  const lastError = email.data?.lastError;
  let icon = <Clock className="size-4 text-muted-foreground" aria-hidden />;
  let text = `Queued for ${sent.to}…`;
  if (status === "Sent" && sent.transport === "local") {
    icon = <Info className="size-4 text-muted-foreground" aria-hidden />;
    text = `Kept in the local outbox (not sent): SMTP is not configured, so ${sent.to} receives nothing.`;
  } else if (status === "Sent") {
    icon = <CheckCircle2 className="size-4 text-success" aria-hidden />;
    text = `Sent: the SMTP server accepted it. Check the inbox of ${sent.to}.`;
  } else if (status === "Failed" || lastError) {
    icon = <XCircle className="size-4 text-danger" aria-hidden />;
    text =
      status === "Failed"
        ? `Not sent: ${lastError ?? "the SMTP server refused it"}.`
        : `Not sent yet: ${lastError}. The outbox keeps retrying.`;
  }
  return (
    <div
      className="mt-4 flex flex-wrap items-center gap-2 text-sm"
      role="status"
      data-testid="test-email-status"
    >
      {icon}
      <span>{text}</span>
      <Link
        href={`/emails?q=${encodeURIComponent(sent.id)}`}
        className="font-medium text-primary hover:underline"
      >
        See it on the Emails page
      </Link>
    </div>
  );
}
