"use client";

import { X } from "lucide-react";
import { useCallback, useMemo, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";

/**
 * Rows picked in a paginated list for a bulk action. The rows themselves are kept (not only
 * their ids), so a selection spanning pages can still be exported or named in a dialog.
 */
export function useRowSelection<T extends { id: string }>() {
  const [selected, setSelected] = useState<ReadonlyMap<string, T>>(new Map());
  const change = useCallback((rows: readonly T[], on: boolean) => {
    setSelected((current) => {
      const next = new Map(current);
      for (const row of rows) {
        if (on) next.set(row.id, row);
        else next.delete(row.id);
      }
      return next;
    });
  }, []);
  const clear = useCallback(() => setSelected(new Map()), []);
  return useMemo(
    () => ({
      count: selected.size,
      rows: [...selected.values()],
      ids: [...selected.keys()],
      isSelected: (id: string) => selected.has(id),
      toggle: (row: T, on: boolean) => change([row], on),
      togglePage: (rows: readonly T[], on: boolean) => change(rows, on),
      /** The page's select-all box: every row, some of them, or none. */
      pageState: (rows: readonly T[]): boolean | "indeterminate" => {
        const picked = rows.filter((r) => selected.has(r.id)).length;
        return picked === 0 ? false : picked === rows.length ? true : "indeterminate";
      },
      clear,
    }),
    [selected, change, clear],
  );
}

export type RowSelection<T extends { id: string }> = ReturnType<typeof useRowSelection<T>>;

/** The header cell's box: selects or clears every row of the page shown. */
export function SelectPageCheckbox<T extends { id: string }>({
  selection,
  rows,
  noun,
}: {
  selection: RowSelection<T>;
  rows: readonly T[];
  /** Plural, e.g. "members": the box is "Select all members on this page". */
  noun: string;
}) {
  return (
    <Checkbox
      aria-label={`Select all ${noun} on this page`}
      checked={selection.pageState(rows)}
      onCheckedChange={(checked) => selection.togglePage(rows, checked === true)}
      data-testid="select-page"
    />
  );
}

/** A row's box. */
export function SelectRowCheckbox<T extends { id: string }>({
  selection,
  row,
  label,
}: {
  selection: RowSelection<T>;
  row: T;
  /** What the row is called, e.g. the member's email: the box is "Select <label>". */
  label: string;
}) {
  return (
    <Checkbox
      aria-label={`Select ${label}`}
      checked={selection.isSelected(row.id)}
      onCheckedChange={(checked) => selection.toggle(row, checked === true)}
      data-testid="select-row"
    />
  );
}

/**
 * What can be done to the selected rows, shown while some are selected: the count, the
 * actions (`children`) and a way to clear the selection.
 */
export function BulkActionBar({
  count,
  noun,
  onClear,
  children,
}: {
  count: number;
  /** Singular and plural, e.g. ["member", "members"]. */
  noun: readonly [string, string];
  onClear: () => void;
  children: ReactNode;
}) {
  const what = `${count} ${count === 1 ? noun[0] : noun[1]} selected`;
  return (
    <>
      {/* Announced as the selection changes; the bar itself appears and disappears. */}
      <p className="sr-only" aria-live="polite">
        {count > 0 ? what : ""}
      </p>
      {count > 0 ? (
        <div
          role="toolbar"
          aria-label={`Actions for the ${what}`}
          className="sticky bottom-3 z-30 flex flex-wrap items-center gap-2 rounded-lg border border-border bg-card p-2 shadow-lg"
          data-testid="bulk-actions"
        >
          <span className="px-2 text-sm font-medium" data-testid="bulk-count">
            {what}
          </span>
          <div className="flex flex-1 flex-wrap items-center gap-2">{children}</div>
          <Button variant="ghost" size="sm" onClick={onClear}>
            <X aria-hidden />
            Clear selection
          </Button>
        </div>
      ) : null}
    </>
  );
}
