"use client";

import { deliveryStatus } from "@guildhall/validators";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Info, Mail, RotateCw } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { useCurrentUser } from "@/components/shell/current-user";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { NativeSelect } from "@/components/ui/input";
import { Pagination } from "@/components/ui/pagination";
import { SearchInput } from "@/components/ui/search-input";
import { EmptyState, ErrorState, Skeleton, TableSkeleton } from "@/components/ui/states";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { usePageClamp, useListParams } from "@/lib/use-list-params";
import { useTRPC } from "@/trpc/react";
import { deliveryStatusLabel, type TransportKind } from "./delivery-status";

const PAGE_SIZE = 20;
const STATUSES = deliveryStatus.options;
type Status = (typeof STATUSES)[number];
const tones = {
  Pending: "warning",
  Sending: "primary",
  Sent: "success",
  Failed: "danger",
} as const satisfies Record<Status, BadgeTone>;

const statusLabel = deliveryStatusLabel;

function statusTone(status: Status, transport: TransportKind): BadgeTone {
  return status === "Sent" && transport === "local" ? "neutral" : tones[status];
}

/**
 * The outbox: recipient, subject, status (with the last error), the rendered email (links
 * that grant access shown as `…`), and Retry for an email the outbox gave up on.
 */
export function EmailsList({ transport }: { transport: TransportKind }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { q, page, filters, setQ, setPage, setFilter } = useListParams(["status"] as const);
  const status = STATUSES.find((s) => s === filters.status);
  const [openId, setOpenId] = useState<string | null>(null);
  const query = useQuery({
    ...trpc.email.list.queryOptions({ q: q || undefined, status, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
    // Delivery happens in the background: keep the statuses fresh.
    refetchInterval: 5000,
  });
  const pastEnd = usePageClamp(query.data, page, setPage);
  const retry = useMutation(
    trpc.email.retry.mutationOptions({
      onSuccess: async (email) => {
        toast.success(`The email to ${email.to} is queued again.`);
        await queryClient.invalidateQueries({ queryKey: trpc.email.list.pathKey() });
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );

  return (
    <section className="grid gap-4" aria-label="Outbox">
      {transport === "local" ? <LocalOutboxNotice /> : null}
      <div className="flex w-full flex-col gap-2 sm:w-auto sm:flex-row">
        <SearchInput
          value={q}
          onChange={setQ}
          label="Search emails"
          placeholder="Search by recipient, subject or id"
        />
        <NativeSelect
          aria-label="Filter by status"
          className="w-full sm:w-44"
          value={status ?? ""}
          onChange={(e) => setFilter("status", e.target.value)}
        >
          <option value="">All statuses</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {statusLabel(s, transport)}
            </option>
          ))}
        </NativeSelect>
      </div>
      {query.isPending || pastEnd ? (
        <TableSkeleton />
      ) : query.isError ? (
        <ErrorState message={errorMessage(query.error)} onRetry={() => void query.refetch()} />
      ) : query.data.items.length === 0 ? (
        q || status ? (
          <EmptyState title="No emails match" description="Try another search or status." />
        ) : (
          <EmptyState
            icon={<Mail />}
            title="No emails yet"
            description="Invitations you send appear here, with their delivery status."
          />
        )
      ) : (
        <>
          <Table label="Emails">
            <THead>
              <TR>
                <TH>Recipient</TH>
                <TH>Subject</TH>
                <TH>Status</TH>
                <TH className="hidden md:table-cell">Queued</TH>
                <TH className="w-28 text-right">
                  <span className="sr-only">Actions</span>
                </TH>
              </TR>
            </THead>
            <TBody>
              {query.data.items.map((e) => (
                <TR key={e.id} data-testid="email-row">
                  <TD className="font-medium">{e.to}</TD>
                  <TD>
                    <button
                      type="button"
                      className="text-left hover:underline"
                      onClick={() => setOpenId(e.id)}
                      data-testid="email-open"
                    >
                      {e.subject}
                    </button>
                  </TD>
                  <TD>
                    <Badge tone={statusTone(e.status, transport)}>
                      {statusLabel(e.status, transport)}
                    </Badge>
                    {e.lastError && e.status !== "Sent" ? (
                      <div
                        className="mt-1 max-w-xs truncate text-xs text-danger"
                        title={e.lastError}
                      >
                        {e.attempts} {e.attempts === 1 ? "attempt" : "attempts"}: {e.lastError}
                      </div>
                    ) : null}
                  </TD>
                  <TD className="hidden text-muted-foreground md:table-cell">
                    {formatDateTime(e.createdAt)}
                  </TD>
                  <TD className="text-right">
                    {e.status === "Failed" ? (
                      <Button
                        variant="secondary"
                        size="sm"
                        data-testid="email-retry"
                        aria-label={`Retry the email to ${e.to}`}
                        pending={retry.isPending && retry.variables.id === e.id}
                        onClick={() => retry.mutate({ id: e.id })}
                      >
                        <RotateCw aria-hidden />
                        Retry
                      </Button>
                    ) : null}
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
          <Pagination
            page={page}
            pageSize={PAGE_SIZE}
            total={query.data.total}
            onPageChange={setPage}
            label="Email pages"
          />
        </>
      )}
      <EmailDialog id={openId} onClose={() => setOpenId(null)} />
    </section>
  );
}

function EmailDialog({ id, onClose }: { id: string | null; onClose: () => void }) {
  const trpc = useTRPC();
  const email = useQuery({
    ...trpc.email.get.queryOptions({ id: id ?? "" }),
    enabled: id !== null,
  });
  const [view, setView] = useState<"html" | "text">("html");
  return (
    <Dialog open={id !== null} onOpenChange={(open) => !open && onClose()}>
      <DialogContent
        title={email.data?.subject ?? "Email"}
        description={email.data ? `To ${email.data.to}` : undefined}
        wide
      >
        {email.isPending ? (
          <Skeleton className="h-64" />
        ) : email.isError ? (
          <ErrorState message={errorMessage(email.error)} />
        ) : (
          <div className="grid gap-3">
            {email.data.redacted ? (
              <p className="text-sm text-muted-foreground" data-testid="email-redacted">
                Links that grant access are shown as “…”: only the recipient gets the working link.
              </p>
            ) : null}
            <div className="flex gap-2">
              <Button
                size="sm"
                variant={view === "html" ? "primary" : "secondary"}
                onClick={() => setView("html")}
              >
                HTML
              </Button>
              <Button
                size="sm"
                variant={view === "text" ? "primary" : "secondary"}
                onClick={() => setView("text")}
              >
                Plain text
              </Button>
            </div>
            {view === "html" ? (
              // Sandboxed: the rendered email cannot run scripts or reach the console.
              <iframe
                title="Rendered email"
                sandbox=""
                srcDoc={email.data.html}
                className="h-[28rem] w-full rounded-md border border-border bg-white"
              />
            ) : (
              <pre
                className="max-h-[28rem] overflow-auto rounded-md border border-border bg-muted p-3 text-xs whitespace-pre-wrap"
                data-testid="email-text"
              >
                {email.data.text}
              </pre>
            )}
          </div>
        )}
      </DialogContent>
    </Dialog>
  );
}

/** Without SMTP_URL nothing is sent: what that means, and how to send for real. */
function LocalOutboxNotice() {
  const user = useCurrentUser();
  return (
    <div
      role="note"
      className="flex gap-3 rounded-lg border border-border bg-muted/60 p-4 text-sm"
      data-testid="local-outbox-notice"
    >
      <Info className="mt-0.5 size-4 shrink-0 text-muted-foreground" aria-hidden />
      <div className="grid gap-1">
        <p className="font-medium">Emails are kept here, not sent</p>
        <p className="text-muted-foreground">
          This server has no SMTP server configured, so nothing below reached an inbox. To send
          emails, set <code className="font-mono text-xs">SMTP_URL</code> (e.g.{" "}
          <code className="font-mono text-xs">smtp://user:password@smtp.example.com:587</code>) and{" "}
          <code className="font-mono text-xs">EMAIL_FROM</code>, then restart Guildhall. Until then,
          copy an invitation&apos;s link right after inviting or resending.
        </p>
        {user.consoleRole === "admin" ? (
          <Link
            href="/settings/email"
            className="font-medium text-primary hover:underline"
            data-testid="email-settings-link"
          >
            Email settings
          </Link>
        ) : null}
      </div>
    </div>
  );
}
