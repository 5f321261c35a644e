"use client";

import { auditActorType, auditLogFilters } from "@guildhall/validators";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { History } from "lucide-react";
import { useEffect, useState, type FormEvent } from "react";
import type { Option } from "@/components/ui/multi-select";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input, NativeSelect } from "@/components/ui/input";
import { EmptyState, ErrorState, TableSkeleton } from "@/components/ui/states";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { OrganizationPicker } from "@/features/organizations/organization-picker";
import { errorMessage } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { useTRPC } from "@/trpc/react";
import type { RouterOutputs } from "@/trpc/types";
import {
  AuditEntryDialog,
  actorName,
  actorTypeLabel,
  ACTOR_TYPE_LABELS,
} from "./audit-entry-dialog";
import { actionLabel } from "./data-diff";
import { useAuditFilters, type AuditFilters, type FilterKey } from "./use-audit-filters";

export type AuditLogEntry = RouterOutputs["auditLog"]["list"]["items"][number];

const PAGE_SIZE = 25;

/** `2025-01-31T12:00` in local time, as a datetime-local input shows an ISO time. */
function toLocalInput(iso: string | undefined): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

/** A datetime-local value (local time) as ISO text; empty stays empty. */
function fromLocalInput(value: string): string {
  if (!value) return "";
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? "" : date.toISOString();
}

/**
 * The audit log: filters (kept in the URL), newest entries first, "Load more" for older
 * ones (cursor pages), and an entry's detail with its data and before/after changes. With
 * `organizationId`, one organization's entries (its Audit tab), without the organization filter.
 */
export function AuditLog({ organizationId }: { organizationId?: string }) {
  const trpc = useTRPC();
  const { filters, setFilters, entryId, setEntryId } = useAuditFilters();
  const scoped = organizationId !== undefined;
  const active: AuditFilters = scoped ? { ...filters, organizationId } : filters;
  const actorType = auditActorType.safeParse(active.actorType).data;
  const input = {
    actorId: active.actorId,
    actorType,
    organizationId: active.organizationId,
    action: active.action,
    targetType: active.targetType,
    targetId: active.targetId,
    from: active.from,
    to: active.to,
    pageSize: PAGE_SIZE,
  };
  const query = useInfiniteQuery(
    trpc.auditLog.list.infiniteQueryOptions(input, {
      getNextPageParam: (last) => last.nextCursor ?? undefined,
    }),
  );
  const entries = query.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Object.keys(filters).some((k) => k !== "organizationId" || !scoped);

  return (
    <section className="grid gap-4" aria-label="Audit log">
      <FilterForm
        filters={filters}
        scoped={scoped}
        onApply={setFilters}
        onClear={() => setFilters({})}
      />
      {query.isPending ? (
        <TableSkeleton />
      ) : query.isError ? (
        <ErrorState message={errorMessage(query.error)} onRetry={() => void query.refetch()} />
      ) : entries.length === 0 ? (
        filtered ? (
          <EmptyState
            title="No entries match"
            description="Try other filters, or a wider time range."
          />
        ) : (
          <EmptyState
            icon={<History />}
            title="No entries yet"
            description={
              scoped
                ? "Changes to this organization, its members, roles and invitations appear here."
                : "Every change made in the console, through the Management API or by the system appears here."
            }
          />
        )
      ) : (
        <>
          <Table label="Audit entries">
            <THead>
              <TR>
                <TH>When</TH>
                <TH>Action</TH>
                <TH>Actor</TH>
                <TH className="hidden md:table-cell">Target</TH>
                {scoped ? null : <TH className="hidden lg:table-cell">Organization</TH>}
              </TR>
            </THead>
            <TBody>
              {entries.map((entry) => (
                <TR key={entry.id} data-testid="audit-row">
                  <TD className="whitespace-nowrap text-muted-foreground">
                    <time dateTime={entry.createdAt.toISOString()}>
                      {formatDateTime(entry.createdAt)}
                    </time>
                  </TD>
                  <TD>
                    <button
                      type="button"
                      className="text-left font-medium hover:underline focus-visible:outline-2 focus-visible:outline-ring"
                      onClick={() => setEntryId(entry.id)}
                      data-testid="audit-open"
                      aria-label={`${actionLabel(entry.action)}, ${formatDateTime(entry.createdAt)}: show details`}
                    >
                      {actionLabel(entry.action)}
                    </button>
                    <div className="font-mono text-xs text-muted-foreground">{entry.action}</div>
                  </TD>
                  <TD>
                    <div>{actorName(entry)}</div>
                    <div className="text-xs text-muted-foreground">
                      {actorTypeLabel(entry.actorType)}
                    </div>
                  </TD>
                  <TD className="hidden md:table-cell">
                    <div>{entry.targetLabel ?? entry.targetId ?? "—"}</div>
                    <div className="text-xs text-muted-foreground">{entry.targetType}</div>
                  </TD>
                  {scoped ? null : (
                    <TD className="hidden lg:table-cell">
                      {entry.organizationId
                        ? (entry.organizationName ?? entry.organizationId)
                        : "—"}
                    </TD>
                  )}
                </TR>
              ))}
            </TBody>
          </Table>
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
                data-testid="audit-load-more"
              >
                Load older entries
              </Button>
            ) : null}
          </div>
        </>
      )}
      <AuditEntryDialog
        id={entryId}
        initial={entries.find((e) => e.id === entryId)}
        onClose={() => setEntryId(null)}
        onFilter={(values) =>
          setFilters(scoped ? { ...values, organizationId: undefined } : values)
        }
        scoped={scoped}
      />
    </section>
  );
}

type Draft = Record<FilterKey, string>;

const draftOf = (filters: AuditFilters): Draft => ({
  actorId: filters.actorId ?? "",
  actorType: filters.actorType ?? "",
  organizationId: filters.organizationId ?? "",
  action: filters.action ?? "",
  targetType: filters.targetType ?? "",
  targetId: filters.targetId ?? "",
  from: toLocalInput(filters.from),
  to: toLocalInput(filters.to),
});

function FilterForm({
  filters,
  scoped,
  onApply,
  onClear,
}: {
  filters: AuditFilters;
  scoped: boolean;
  onApply: (filters: AuditFilters) => void;
  onClear: () => void;
}) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(filters));
  const [errors, setErrors] = useState<Partial<Record<FilterKey, string>>>({});
  // Follow the URL (back/forward, a filter set from an entry's detail).
  useEffect(() => {
    setDraft(draftOf(filters));
    setErrors({});
  }, [filters]);
  const set = (name: FilterKey) => (value: string) => setDraft((d) => ({ ...d, [name]: value }));
  // The typed filters (ids, names, times): as typed, no browser autocomplete or spelling marks.
  const textFilter = (name: FilterKey, testId: string) => ({
    value: draft[name],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => set(name)(e.target.value),
    autoComplete: "off",
    spellCheck: false,
    "data-testid": testId,
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const values: AuditFilters = {
      ...draft,
      from: fromLocalInput(draft.from),
      to: fromLocalInput(draft.to),
    };
    // The server's own schema, so a filter it would refuse is shown beside its field.
    const result = auditLogFilters.safeParse(
      Object.fromEntries(Object.entries(values).filter(([, v]) => v)),
    );
    const found: Partial<Record<FilterKey, string>> = {};
    for (const issue of result.error?.issues ?? []) {
      const key = issue.path[0] as FilterKey | undefined;
      if (key && !found[key]) found[key] = issue.message;
    }
    if (values.from && values.to && values.from > values.to)
      found.to = "The end must not be before the start.";
    setErrors(found);
    if (Object.keys(found).length === 0) onApply(values);
  };

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label="Filter the audit log"
      className="grid gap-3 rounded-lg border border-border bg-card p-4"
    >
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <FormField
          label="Action"
          hint="One action, or a prefix ending in “.” (member.)"
          error={errors.action}
        >
          <Input {...textFilter("action", "filter-action")} />
        </FormField>
        <FormField label="Actor type" error={errors.actorType}>
          <NativeSelect
            value={draft.actorType}
            onChange={(e) => set("actorType")(e.target.value)}
            data-testid="filter-actor-type"
          >
            <option value="">Anyone</option>
            {auditActorType.options.map((type) => (
              <option key={type} value={type}>
                {ACTOR_TYPE_LABELS[type]}
              </option>
            ))}
          </NativeSelect>
        </FormField>
        <FormField label="Actor id" hint="A user's or application's id" error={errors.actorId}>
          <Input {...textFilter("actorId", "filter-actor-id")} />
        </FormField>
        {scoped ? null : (
          <FormField label="Organization" error={errors.organizationId}>
            <OrganizationFilter value={draft.organizationId} onChange={set("organizationId")} />
          </FormField>
        )}
        <FormField
          label="Target type"
          hint="e.g. organization, user, role"
          error={errors.targetType}
        >
          <Input {...textFilter("targetType", "filter-target-type")} />
        </FormField>
        <FormField label="Target id" error={errors.targetId}>
          <Input {...textFilter("targetId", "filter-target-id")} />
        </FormField>
        <FormField label="From" hint="Your local time" error={errors.from}>
          <Input type="datetime-local" {...textFilter("from", "filter-from")} />
        </FormField>
        <FormField label="To" hint="Your local time" error={errors.to}>
          <Input type="datetime-local" {...textFilter("to", "filter-to")} />
        </FormField>
      </div>
      <div className="flex flex-wrap justify-end gap-2">
        <Button type="button" variant="outline" size="sm" onClick={onClear}>
          Clear filters
        </Button>
        <Button type="submit" size="sm" data-testid="filter-apply">
          Apply filters
        </Button>
      </div>
    </form>
  );
}

/** One organization, picked by searching its name (the picker keeps the last one picked). */
function OrganizationFilter({
  value,
  onChange,
}: {
  value: string;
  onChange: (id: string) => void;
}) {
  const trpc = useTRPC();
  const named = useQuery({
    ...trpc.organization.get.queryOptions({ id: value }),
    enabled: value !== "",
    retry: false,
  });
  const selected: Option[] = value ? [{ id: value, label: named.data?.name ?? value }] : [];
  return (
    <OrganizationPicker value={selected} onChange={(picked) => onChange(picked.at(-1)?.id ?? "")} />
  );
}
