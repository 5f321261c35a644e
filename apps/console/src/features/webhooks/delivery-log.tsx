"use client";

import { deliveryStatus } from "@guildhall/validators";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ChevronDown, ChevronRight, History, RotateCw } from "lucide-react";
import { useId, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { NativeSelect } from "@/components/ui/input";
import { Pagination } from "@/components/ui/pagination";
import { EmptyState, ErrorState, TableSkeleton } from "@/components/ui/states";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { usePageClamp } from "@/lib/use-list-params";
import { useTRPC } from "@/trpc/react";
import type { RouterOutputs } from "@/trpc/types";
import { DeliveryStatusBadge, type DeliveryStatus } from "./status-badges";
import type { WebhookDetailData } from "./webhook-detail";

const PAGE_SIZE = 20;
const STATUSES = deliveryStatus.options;

type Delivery = RouterOutputs["webhook"]["deliveries"]["items"][number];

/** Sent and Failed deliveries can be sent again; Pending and Sending ones are still on their way. */
const isFinished = (d: Delivery) => d.status === "Sent" || d.status === "Failed";

/**
 * A webhook's deliveries, newest event first: status, attempts, the receiver's answer and the
 * time it took, filtered by status; each row expands to the response body and the last error.
 */
export function DeliveryLog({ webhook }: { webhook: WebhookDetailData }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<DeliveryStatus | undefined>(undefined);
  const [page, setPage] = useState(1);
  const [expanded, setExpanded] = useState<string | null>(null);
  const query = useQuery({
    ...trpc.webhook.deliveries.queryOptions({
      webhookId: webhook.id,
      status,
      page,
      pageSize: PAGE_SIZE,
    }),
    placeholderData: keepPreviousData,
    // Deliveries are sent in the background: poll faster while some are still on their way.
    refetchInterval: (q) =>
      q.state.data?.items.some((d) => !isFinished(d)) === true ? 2_000 : 5_000,
  });
  const pastEnd = usePageClamp(query.data, page, setPage);
  const redeliver = useMutation(
    trpc.webhook.redeliver.mutationOptions({
      onSuccess: async (delivery) => {
        toast.success(`${delivery.event} (${delivery.messageId}) is queued to be sent again.`);
        await queryClient.invalidateQueries(trpc.webhook.deliveries.pathFilter());
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );

  return (
    <section className="grid gap-4" aria-label="Delivery log">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-muted-foreground">
          One row per event sent to this webhook. Failed attempts are retried with backoff; after
          the last attempt the delivery is Failed and can be sent again. Test events are not logged.
        </p>
        <NativeSelect
          aria-label="Filter by status"
          className="w-full sm:w-44"
          value={status ?? ""}
          onChange={(e) => {
            setStatus(STATUSES.find((s) => s === e.target.value));
            setPage(1);
          }}
          data-testid="delivery-status-filter"
        >
          <option value="">All statuses</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </NativeSelect>
      </div>
      {query.isPending || pastEnd ? (
        <TableSkeleton />
      ) : query.isError ? (
        <ErrorState message={errorMessage(query.error)} onRetry={() => void query.refetch()} />
      ) : query.data.items.length === 0 ? (
        status ? (
          <EmptyState
            title={`No ${status.toLowerCase()} deliveries`}
            description="Choose another status, or all statuses."
          />
        ) : (
          <EmptyState
            icon={<History />}
            title="No deliveries yet"
            description={
              webhook.enabled
                ? "When one of the subscribed events happens, its delivery appears here with the endpoint's answer."
                : "This webhook is disabled: enable it in Settings to receive events."
            }
          />
        )
      ) : (
        <>
          <Table label="Deliveries">
            <THead>
              <TR>
                <TH className="w-10">
                  <span className="sr-only">Details</span>
                </TH>
                <TH>Event</TH>
                <TH>Status</TH>
                <TH className="text-right">Attempts</TH>
                <TH>Response</TH>
                <TH className="hidden text-right md:table-cell">Latency</TH>
                <TH className="hidden md:table-cell">Time</TH>
                <TH className="text-right">
                  <span className="sr-only">Actions</span>
                </TH>
              </TR>
            </THead>
            <TBody>
              {query.data.items.map((d) => (
                <DeliveryRow
                  key={d.id}
                  delivery={d}
                  open={expanded === d.id}
                  onToggle={() => setExpanded(expanded === d.id ? null : d.id)}
                  resend={
                    isFinished(d) ? (
                      <Button
                        variant="secondary"
                        size="sm"
                        aria-label={`Re-send ${d.event} (${d.messageId})`}
                        pending={redeliver.isPending && redeliver.variables.deliveryId === d.id}
                        onClick={() =>
                          redeliver.mutate({ webhookId: webhook.id, deliveryId: d.id })
                        }
                        data-testid="redeliver"
                      >
                        <RotateCw aria-hidden />
                        Re-send
                      </Button>
                    ) : null
                  }
                />
              ))}
            </TBody>
          </Table>
          <Pagination
            page={page}
            pageSize={PAGE_SIZE}
            total={query.data.total}
            onPageChange={setPage}
            label="Delivery pages"
          />
        </>
      )}
    </section>
  );
}

function DeliveryRow({
  delivery: d,
  open,
  onToggle,
  resend,
}: {
  delivery: Delivery;
  open: boolean;
  onToggle: () => void;
  resend: ReactNode;
}) {
  const detailsId = useId();
  return (
    <>
      <TR data-testid="delivery-row" className={open ? "border-b-0" : undefined}>
        <TD className="pr-0">
          <Button
            variant="ghost"
            size="icon"
            aria-expanded={open}
            // Only while the details exist: a reference to a missing element is an ARIA error.
            aria-controls={open ? detailsId : undefined}
            aria-label={`Details of ${d.event} (${d.messageId})`}
            onClick={onToggle}
            data-testid="delivery-toggle"
          >
            {open ? <ChevronDown aria-hidden /> : <ChevronRight aria-hidden />}
          </Button>
        </TD>
        <TD>
          <div className="font-mono text-xs" data-testid="delivery-event">
            {d.event}
          </div>
          <div className="font-mono text-xs text-muted-foreground">{d.messageId}</div>
        </TD>
        <TD>
          <DeliveryStatusBadge status={d.status} />
          {d.status === "Pending" && d.attempts > 0 ? (
            <div className="mt-1 text-xs text-muted-foreground">
              Retry at {formatDateTime(d.nextAttemptAt)}
            </div>
          ) : null}
        </TD>
        <TD className="text-right tabular-nums">{d.attempts}</TD>
        <TD className="tabular-nums" data-testid="delivery-response">
          {d.responseStatus === null ? (
            <span className="text-muted-foreground">—</span>
          ) : (
            `HTTP ${d.responseStatus}`
          )}
        </TD>
        <TD className="hidden text-right tabular-nums md:table-cell">
          {d.latencyMs === null ? "—" : `${d.latencyMs} ms`}
        </TD>
        <TD className="hidden whitespace-nowrap text-muted-foreground md:table-cell">
          {formatDateTime(d.createdAt)}
        </TD>
        <TD className="text-right">{resend}</TD>
      </TR>
      {open ? (
        <TR>
          <TD colSpan={8} className="bg-muted/30 pt-0">
            <div id={detailsId} className="grid gap-3 py-2" data-testid="delivery-details">
              <dl className="grid gap-x-6 gap-y-1 text-xs sm:grid-cols-[auto_1fr]">
                <Term label="webhook-id">
                  <span className="font-mono">{d.messageId}</span> (the same for every attempt and
                  re-send)
                </Term>
                <Term label="Event">{d.event}</Term>
                <Term label="Created">{formatDateTime(d.createdAt)}</Term>
                <Term label="Delivered">{d.deliveredAt ? formatDateTime(d.deliveredAt) : "—"}</Term>
                {d.status === "Pending" ? (
                  <Term label="Next attempt">{formatDateTime(d.nextAttemptAt)}</Term>
                ) : null}
                <Term label="Latency">{d.latencyMs === null ? "—" : `${d.latencyMs} ms`}</Term>
              </dl>
              {d.lastError ? (
                <div className="grid gap-1">
                  <p className="text-xs font-medium">Last error</p>
                  <p
                    className="rounded-md border border-danger/30 bg-danger-muted px-3 py-2 text-xs break-words"
                    data-testid="delivery-error"
                  >
                    {d.lastError}
                  </p>
                </div>
              ) : null}
              <div className="grid gap-1">
                <p className="text-xs font-medium">
                  Response body{" "}
                  <span className="font-normal text-muted-foreground">
                    (first 1,000 characters)
                  </span>
                </p>
                {d.responseBody ? (
                  <pre
                    className="max-h-64 overflow-auto rounded-md border border-border bg-card p-3 font-mono text-xs whitespace-pre-wrap"
                    data-testid="delivery-response-body"
                  >
                    {d.responseBody}
                  </pre>
                ) : (
                  <p className="text-xs text-muted-foreground">
                    {d.responseStatus === null ? "No response." : "Empty."}
                  </p>
                )}
              </div>
            </div>
          </TD>
        </TR>
      ) : null}
    </>
  );
}

function Term({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </>
  );
}
