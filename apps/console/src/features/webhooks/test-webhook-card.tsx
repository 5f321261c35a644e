"use client";

import type { EventName } from "@guildhall/validators";
import { useMutation, useQuery } from "@tanstack/react-query";
import { CheckCircle2, Send, XCircle } from "lucide-react";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { FormError, FormField } from "@/components/ui/form-field";
import { NativeSelect } from "@/components/ui/input";
import { errorMessage } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";
import type { RouterOutputs } from "@/trpc/types";
import type { WebhookDetailData } from "./webhook-detail";

type TestResult = RouterOutputs["webhook"]["test"][number];

/**
 * Sends a sample payload of one event to the saved endpoint, now, signed like a real delivery,
 * and shows what came back. Nothing is stored: test sends are not in the delivery log.
 */
export function TestWebhookCard({ webhook }: { webhook: WebhookDetailData }) {
  const trpc = useTRPC();
  const catalog = useQuery({ ...trpc.webhook.eventNames.queryOptions(), staleTime: Infinity });
  const [chosen, setChosen] = useState<EventName | "">("");
  const [result, setResult] = useState<TestResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const test = useMutation(
    trpc.webhook.test.mutationOptions({
      onSuccess: (results) => setResult(results[0] ?? null),
      onError: (e) => setError(errorMessage(e)),
    }),
  );
  const subscribed = new Set<string>(webhook.events);
  const others = (catalog.data ?? []).filter((e) => !subscribed.has(e.name));
  // The first subscribed event until the user picks one.
  const event = chosen || webhook.events[0] || "";

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!event) return;
    setError(null);
    setResult(null);
    test.mutate({ id: webhook.id, events: [event] });
  };

  return (
    <Card>
      <CardHeader
        title="Send test event"
        description="Sends a sample payload of the event to the saved endpoint and headers, signed with the signing key, and shows the answer. Save your changes first to test them."
      />
      <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-label="Send test event">
        <FormError message={error} />
        <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
          <FormField label="Event" className="flex-1">
            <NativeSelect
              value={event}
              onChange={(e) => setChosen(e.target.value as EventName)}
              data-testid="test-event"
            >
              <optgroup label="Subscribed">
                {webhook.events.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </optgroup>
              {others.length > 0 ? (
                <optgroup label="Other events">
                  {others.map((e) => (
                    <option key={e.name} value={e.name}>
                      {e.name}
                    </option>
                  ))}
                </optgroup>
              ) : null}
            </NativeSelect>
          </FormField>
          <Button
            type="submit"
            pending={test.isPending}
            disabled={!event}
            data-testid="send-test-webhook"
          >
            <Send aria-hidden />
            Send test event
          </Button>
        </div>
      </form>
      <div role="status" aria-live="polite" className="mt-4 empty:hidden">
        {result ? <TestOutcome result={result} url={webhook.config.url} /> : null}
      </div>
    </Card>
  );
}

function TestOutcome({ result, url }: { result: TestResult; url: string }) {
  const code = result.responseStatus === null ? null : `HTTP ${result.responseStatus}`;
  const latency = `${result.latencyMs} ms`;
  return (
    <div className="grid gap-2 text-sm" data-testid="test-webhook-result">
      <p className="flex flex-wrap items-center gap-2">
        {result.ok ? (
          <CheckCircle2 className="size-4 text-success" aria-hidden />
        ) : (
          <XCircle className="size-4 text-danger" aria-hidden />
        )}
        <span>
          <strong className="font-medium">{result.ok ? "Delivered" : "Not delivered"}</strong>:{" "}
          {/* With a status code the error only repeats it; without one it says what failed. */}
          {code
            ? `${url} answered ${code} to ${result.event} in ${latency}.`
            : `sending ${result.event} to ${url} failed after ${latency}: ${result.error ?? "no answer"}.`}
        </span>
      </p>
      {result.responseBody ? (
        <details className="rounded-md border border-border">
          <summary className="cursor-pointer px-3 py-2 text-xs font-medium">
            Response body (first 1,000 characters)
          </summary>
          <pre
            className="max-h-64 overflow-auto border-t border-border bg-muted p-3 font-mono text-xs whitespace-pre-wrap"
            data-testid="test-webhook-response"
          >
            {result.responseBody}
          </pre>
        </details>
      ) : null}
    </div>
  );
}
