import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { errorMessage } from "@/lib/errors";
import { ErrorState, TableSkeleton } from "./states";

/**
 * The states every list query goes through: a skeleton while it loads, the error with a
 * retry, `empty` when there are no items, and otherwise `children` with the loaded page.
 */
export function QueryList<T extends { items: readonly unknown[] }>({
  query,
  empty,
  skeletonRows,
  loading = false,
  children,
}: {
  query: UseQueryResult<T, unknown>;
  /** Show the skeleton even with data (e.g. while a page past the end is being corrected). */
  loading?: boolean;
  /** Shown when the page has no items (a search that found nothing, or nothing yet). */
  empty: ReactNode;
  skeletonRows?: number;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending || loading) return <TableSkeleton rows={skeletonRows} />;
  if (query.isError)
    return <ErrorState message={errorMessage(query.error)} onRetry={() => void query.refetch()} />;
  if (query.data.items.length === 0) return <>{empty}</>;
  return <>{children(query.data)}</>;
}
