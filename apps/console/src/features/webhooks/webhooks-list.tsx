"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Plus, Webhook } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { EmptyState, ErrorState, TableSkeleton } from "@/components/ui/states";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { errorMessage } from "@/lib/errors";
import { plural } from "@/lib/format";
import { usePageClamp, useListParams } from "@/lib/use-list-params";
import { useTRPC } from "@/trpc/react";
import type { RouterOutputs } from "@/trpc/types";
import { CreateWebhookDialog } from "./create-webhook-dialog";
import { EnabledBadge } from "./status-badges";

const PAGE_SIZE = 20;

type Stats = NonNullable<RouterOutputs["webhook"]["list"]["items"][number]["executionStats"]>;

/** The Webhooks page: every webhook with its endpoint, events and last day's delivery health. */
export function WebhooksList() {
  const trpc = useTRPC();
  const { page, setPage } = useListParams();
  const [creating, setCreating] = useState(false);
  const query = useQuery({
    ...trpc.webhook.list.queryOptions({ page, pageSize: PAGE_SIZE, includeExecutionStats: true }),
    placeholderData: keepPreviousData,
    // Deliveries happen in the background: keep the last 24 hours' counts fresh.
    refetchInterval: 15_000,
  });
  const pastEnd = usePageClamp(query.data, page, setPage);
  const createButton = (
    <Button onClick={() => setCreating(true)} data-testid="create-webhook">
      <Plus aria-hidden />
      Create webhook
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Tell your own services when something changes in Guildhall: each event is POSTed to your endpoint as JSON, signed, and retried until it is accepted."
        actions={createButton}
      />
      {query.isPending || pastEnd ? (
        <TableSkeleton />
      ) : query.isError ? (
        <ErrorState message={errorMessage(query.error)} onRetry={() => void query.refetch()} />
      ) : query.data.items.length === 0 ? (
        <EmptyState
          icon={<Webhook />}
          title="No webhooks yet"
          description={
            <>
              A webhook sends the events you choose (a user created, an organization&apos;s members
              changed, an invitation accepted…) to an HTTPS endpoint of yours as they happen, so you
              can sync your database, provision accounts or notify a team without polling. The
              payloads are Logto&apos;s, so receivers written for Logto work unchanged.
            </>
          }
          action={createButton}
        />
      ) : (
        <>
          <Table label="Webhooks">
            <THead>
              <TR>
                <TH>Name</TH>
                <TH>Events</TH>
                <TH>Status</TH>
                <TH className="hidden md:table-cell">Last 24 hours</TH>
              </TR>
            </THead>
            <TBody>
              {query.data.items.map((webhook) => (
                <TR key={webhook.id} data-testid="webhook-row">
                  <TD className="max-w-md">
                    <Link href={`/webhooks/${webhook.id}`} className="font-medium hover:underline">
                      {webhook.name}
                    </Link>
                    <div
                      className="truncate font-mono text-xs text-muted-foreground"
                      title={webhook.config.url}
                    >
                      {webhook.config.url}
                    </div>
                  </TD>
                  <TD className="whitespace-nowrap" title={webhook.events.join(", ")}>
                    {plural(webhook.events.length, "event")}
                  </TD>
                  <TD>
                    <EnabledBadge enabled={webhook.enabled} />
                  </TD>
                  <TD className="hidden md:table-cell">
                    <Health stats={webhook.executionStats} />
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
            label="Webhook pages"
          />
        </>
      )}
      <CreateWebhookDialog open={creating} onOpenChange={setCreating} />
    </>
  );
}

/** "3 of 4 succeeded": words and a fraction, so no color is needed to read it. */
function Health({ stats }: { stats: Stats | undefined }) {
  if (!stats || stats.requestCount === 0)
    return <span className="text-sm text-muted-foreground">No deliveries</span>;
  // Attempted but not (yet) accepted: failed for good, or waiting for a retry.
  const notDelivered = stats.requestCount - stats.successCount;
  return (
    <span className="text-sm" data-testid="webhook-health">
      {stats.successCount} of {plural(stats.requestCount, "delivery", "deliveries")} succeeded
      {notDelivered > 0 ? (
        <span className="ml-1 font-medium text-danger">({notDelivered} not delivered)</span>
      ) : null}
    </span>
  );
}
