"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { History } from "lucide-react";
import { Button } from "@/components/ui/button";
import { EmptyState, ErrorState, TableSkeleton } from "@/components/ui/states";
import { actionLabel } from "@/features/audit-log/data-diff";
import { errorMessage } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { useTRPC } from "@/trpc/react";
import { PortalSection } from "./portal-section";

const PAGE_SIZE = 20;

/** What happened in the organization, newest first (`guildhall:audit:read`). */
export function AuditSection({ organizationId }: { organizationId: string }) {
  const trpc = useTRPC();
  const query = useInfiniteQuery(
    trpc.portal.audit.list.infiniteQueryOptions(
      { organizationId, pageSize: PAGE_SIZE },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const entries = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <PortalSection
      id="audit"
      title="Audit log"
      description="Changes to this organization, its members, roles and invitations."
    >
      {query.isPending ? (
        <TableSkeleton rows={3} />
      ) : query.isError ? (
        <ErrorState message={errorMessage(query.error)} onRetry={() => void query.refetch()} />
      ) : entries.length === 0 ? (
        <EmptyState icon={<History />} title="No entries yet" />
      ) : (
        <>
          <ol className="grid gap-2" aria-label="Audit entries">
            {entries.map((entry) => (
              <li
                key={entry.id}
                className="grid gap-0.5 rounded-md border border-border px-3 py-2 text-sm sm:grid-cols-[11rem_1fr] sm:gap-3"
                data-testid="portal-audit-row"
              >
                <time dateTime={entry.createdAt.toISOString()} className="text-muted-foreground">
                  {formatDateTime(entry.createdAt)}
                </time>
                <div className="min-w-0 break-words">
                  <span className="font-medium">{actionLabel(entry.action)}</span>
                  {entry.targetLabel ? <span> · {entry.targetLabel}</span> : null}
                  <div className="text-xs text-muted-foreground">
                    by{" "}
                    {entry.actorLabel ??
                      (entry.actorType === "system" ? "the system" : "someone no longer here")}
                  </div>
                </div>
              </li>
            ))}
          </ol>
          <div className="flex items-center justify-between gap-3 text-sm">
            <p className="text-muted-foreground" aria-live="polite">
              {entries.length === 1 ? "1 entry" : `${entries.length} entries`} shown
              {query.hasNextPage ? "" : ", the oldest included"}
            </p>
            {query.hasNextPage ? (
              <Button
                variant="outline"
                size="sm"
                pending={query.isFetchingNextPage}
                onClick={() => void query.fetchNextPage()}
              >
                Load older entries
              </Button>
            ) : null}
          </div>
        </>
      )}
    </PortalSection>
  );
}
