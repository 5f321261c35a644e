"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import { Trash2 } from "lucide-react";
import { useState, type ComponentProps, type ReactNode } from "react";
import {
  SelectPageCheckbox,
  SelectRowCheckbox,
  type RowSelection,
} from "@/components/bulk-selection";
import { Card, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Pagination } from "@/components/ui/pagination";
import { QueryList } from "@/components/ui/query-list";
import { SearchInput } from "@/components/ui/search-input";
import { IconButton } from "@/components/ui/icon-button";
import { EmptyState } from "@/components/ui/states";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/errors";
import type { RunnableMutation } from "@/lib/mutation";

type Page = { items: readonly { id: string }[]; total: number };
type Row<D extends Page> = D["items"][number];

export interface RelationColumn<T> {
  header: ReactNode;
  /** Classes of the header cell, e.g. `hidden md:table-cell` for a column narrow screens drop. */
  headClassName?: string;
  className?: string;
  cell: (row: T) => ReactNode;
}

/** Removing one row, after a confirmation that says what it affects. */
export interface RelationRemoval<T, V> {
  mutation: RunnableMutation<V>;
  variables: (row: T) => V;
  /** Accessible name of the row's remove button, e.g. "Remove alice@example.com". */
  label: (row: T) => string;
  /** The remove button's icon; a bin unless given (unlinking keeps the row's entity). */
  icon?: ReactNode;
  confirm: (row: T) => {
    title: string;
    description: string;
    impact: string;
    confirmLabel: string;
  };
  /** The toast once it is done. */
  removed: (row: T) => string;
  /** Refreshes what the removal changed; runs once the dialog has closed. */
  onRemoved: () => Promise<unknown>;
}

type EmptyProps = ComponentProps<typeof EmptyState>;

/**
 * A list of the rows related to one entity (a role's users, a resource's permissions, a
 * user's roles): optional search and pagination, loading, error and empty states, a table,
 * and a confirmed remove on each row. `section` is a tab's panel with a hidden heading;
 * `card` is a card with a visible header.
 */
export function RelationPanel<D extends Page, V>({
  frame,
  action,
  search,
  filters,
  pagination,
  query,
  loading,
  skeletonRows,
  empty,
  table,
  columns,
  rowActions,
  remove,
  selection,
  children,
}: {
  frame:
    | { kind: "section"; id: string; heading: string; notice?: ReactNode }
    | { kind: "card"; title: string; description: string };
  /** The button that adds rows (in the toolbar, or the card's header). */
  action?: ReactNode;
  search?: {
    value: string;
    onChange: (value: string) => void;
    label: string;
    placeholder?: string;
  };
  /** Controls beside the search that narrow the list too; `active` while one is set. */
  filters?: { controls: ReactNode; active: boolean };
  pagination?: {
    page: number;
    pageSize: number;
    onPageChange: (page: number) => void;
    label: string;
  };
  query: UseQueryResult<D, unknown>;
  loading?: boolean;
  skeletonRows?: number;
  /** `searching` when a search found nothing, `none` when there is nothing yet. */
  empty: { searching?: EmptyProps; none: EmptyProps };
  /** `actionsClassName` sizes the actions column (e.g. `w-32` for three buttons). */
  table: { label: string; rowTestId: string; actionsClassName?: string };
  columns: RelationColumn<Row<D>>[];
  /** Row buttons shown before the remove button (e.g. edit). */
  rowActions?: (row: Row<D>) => ReactNode;
  remove?: RelationRemoval<Row<D>, V>;
  /**
   * Checkboxes for bulk actions: a select-all box for the page (`noun`, plural: "members")
   * and one per row (`label`: what the row is called). The caller shows the actions.
   */
  selection?: { state: RowSelection<Row<D>>; noun: string; label: (row: Row<D>) => string };
  /** The dialogs the panel opens (assign, edit). */
  children?: ReactNode;
}) {
  const [removal, setRemoval] = useState<{ row: Row<D>; open: boolean } | null>(null);
  const hasActions = rowActions !== undefined || remove !== undefined;
  const narrowed = Boolean(search?.value) || filters?.active === true;
  const emptyState = narrowed && empty.searching ? empty.searching : empty.none;

  const list = (
    <QueryList
      query={query}
      loading={loading}
      skeletonRows={skeletonRows}
      empty={<EmptyState {...emptyState} />}
    >
      {(data) => (
        <>
          <Table label={table.label}>
            <THead>
              <TR>
                {selection ? (
                  <TH className="w-10">
                    <SelectPageCheckbox
                      selection={selection.state}
                      rows={data.items}
                      noun={selection.noun}
                    />
                  </TH>
                ) : null}
                {columns.map((column, i) => (
                  <TH key={i} className={column.headClassName}>
                    {column.header}
                  </TH>
                ))}
                {hasActions ? (
                  <TH
                    className={`${table.actionsClassName ?? (rowActions ? "w-24" : "w-16")} text-right`}
                  >
                    <span className="sr-only">Actions</span>
                  </TH>
                ) : null}
              </TR>
            </THead>
            <TBody>
              {data.items.map((row) => (
                <TR key={row.id} data-testid={table.rowTestId}>
                  {selection ? (
                    <TD className="w-10">
                      <SelectRowCheckbox
                        selection={selection.state}
                        row={row}
                        label={selection.label(row)}
                      />
                    </TD>
                  ) : null}
                  {columns.map((column, i) => (
                    <TD key={i} className={column.className}>
                      {column.cell(row)}
                    </TD>
                  ))}
                  {hasActions ? (
                    <TD className="text-right whitespace-nowrap">
                      {rowActions?.(row)}
                      {remove ? (
                        <IconButton
                          onClick={() => setRemoval({ row, open: true })}
                          label={remove.label(row)}
                        >
                          {remove.icon ?? <Trash2 aria-hidden />}
                        </IconButton>
                      ) : null}
                    </TD>
                  ) : null}
                </TR>
              ))}
            </TBody>
          </Table>
          {pagination ? <Pagination {...pagination} total={data.total} /> : null}
        </>
      )}
    </QueryList>
  );

  // The dialog keeps the last row while it closes, so its text does not blank out.
  const confirm =
    remove && removal ? (
      <ConfirmDialog
        open={removal.open}
        onOpenChange={(open) => !open && setRemoval({ ...removal, open: false })}
        {...remove.confirm(removal.row)}
        pending={remove.mutation.isPending}
        onConfirm={() => {
          const { row } = removal;
          remove.mutation.mutate(remove.variables(row), {
            onSuccess: () => {
              toast.success(remove.removed(row));
              setRemoval({ row, open: false });
              void remove.onRemoved();
            },
            onError: (e) => toast.error(errorMessage(e)),
          });
        }}
      />
    ) : null;

  const searchInput = search ? (
    <SearchInput
      value={search.value}
      onChange={search.onChange}
      label={search.label}
      placeholder={search.placeholder}
    />
  ) : null;

  if (frame.kind === "card") {
    return (
      <Card>
        <CardHeader title={frame.title} description={frame.description} action={action} />
        {list}
        {children}
        {confirm}
      </Card>
    );
  }
  return (
    <section aria-labelledby={`${frame.id}-heading`} className="grid gap-4">
      <h2 id={`${frame.id}-heading`} className="sr-only">
        {frame.heading}
      </h2>
      {frame.notice}
      <div className="flex flex-wrap items-center justify-between gap-3">
        {filters ? (
          <div className="flex w-full flex-col gap-2 sm:w-auto sm:flex-row">
            {searchInput}
            {filters.controls}
          </div>
        ) : (
          searchInput
        )}
        {action}
      </div>
      {list}
      {children}
      {confirm}
    </section>
  );
}
