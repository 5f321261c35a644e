"use client";

import type { AuditActorType } from "@guildhall/validators";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { ErrorState, Skeleton } from "@/components/ui/states";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { errorMessage } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { useTRPC } from "@/trpc/react";
import type { RouterOutputs } from "@/trpc/types";
import { actionLabel, beforeAfter, diffFields, formatValue, type FieldChange } from "./data-diff";
import type { AuditFilters } from "./use-audit-filters";

type Entry = RouterOutputs["auditLog"]["get"];

export const ACTOR_TYPE_LABELS: Record<AuditActorType, string> = {
  console: "Console member",
  management_api: "Management API",
  user: "End user",
  system: "System",
};

/** An actor type as people read it; a type this console does not know, as it is. */
export function actorTypeLabel(type: string): string {
  return (ACTOR_TYPE_LABELS as Partial<Record<string, string>>)[type] ?? type;
}

/** Who acted, as people read it: their name, else their id; the system has neither. */
export function actorName(entry: Pick<Entry, "actorType" | "actorId" | "actorLabel">): string {
  if (entry.actorLabel) return entry.actorLabel;
  if (entry.actorType === "system") return "System";
  return entry.actorId ?? "Unknown";
}

/** Where the console shows a target of this kind, when it has a page. */
function targetHref(type: string, id: string): string | null {
  switch (type) {
    case "organization":
      return `/organizations/${id}`;
    case "user":
    case "member":
    case "console_member":
      return `/users/${id}`;
    case "application":
      return `/applications/${id}`;
    case "role":
      return `/roles/${id}`;
    case "api_resource":
      return `/api-resources/${id}`;
    case "sso_connector":
      return `/sso-connectors/${id}`;
    case "organization_role":
      return `/template/roles/${id}`;
    default:
      return null;
  }
}

function Row({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="grid gap-0.5 sm:grid-cols-[8rem_1fr] sm:gap-3">
      <dt className="text-sm text-muted-foreground">{term}</dt>
      <dd className="min-w-0 text-sm break-words">{children}</dd>
    </div>
  );
}

/**
 * One entry: when, who, what and where (with links while they exist), the before/after
 * changes field by field when the entry has both, and its data as JSON.
 */
export function AuditEntryDialog({
  id,
  initial,
  onClose,
  onFilter,
  scoped,
}: {
  id: string | null;
  /** The entry as the list has it, shown at once while the detail loads. */
  initial: Entry | undefined;
  onClose: () => void;
  /** Show the entries matching these filters instead (closes the detail). */
  onFilter: (filters: AuditFilters) => void;
  /** In an organization's tab: no "this organization" filter to offer. */
  scoped: boolean;
}) {
  const trpc = useTRPC();
  const query = useQuery({
    ...trpc.auditLog.get.queryOptions({ id: id ?? "" }),
    enabled: id !== null,
    ...(initial ? { initialData: initial } : {}),
  });
  const entry = query.data;
  return (
    <Dialog open={id !== null} onOpenChange={(open) => !open && onClose()}>
      <DialogContent
        title={entry ? actionLabel(entry.action) : "Audit entry"}
        description={entry ? formatDateTime(entry.createdAt) : undefined}
        wide
      >
        {query.isPending ? (
          <Skeleton className="h-64" />
        ) : query.isError ? (
          <ErrorState message={errorMessage(query.error)} />
        ) : entry ? (
          <div className="grid gap-5" data-testid="audit-entry">
            <EntryFacts entry={entry} />
            <div className="flex flex-wrap gap-2">
              {entry.actorId ? (
                <Button
                  size="sm"
                  variant="secondary"
                  onClick={() => onFilter({ actorId: entry.actorId ?? undefined })}
                >
                  Entries by this actor
                </Button>
              ) : null}
              {entry.targetId ? (
                <Button
                  size="sm"
                  variant="secondary"
                  onClick={() => onFilter({ targetId: entry.targetId ?? undefined })}
                >
                  Entries for this target
                </Button>
              ) : null}
              {entry.organizationId && !scoped ? (
                <Button
                  size="sm"
                  variant="secondary"
                  onClick={() => onFilter({ organizationId: entry.organizationId ?? undefined })}
                  data-testid="audit-filter-organization"
                >
                  Entries in this organization
                </Button>
              ) : null}
            </div>
            <EntryData data={entry.data} />
          </div>
        ) : null}
      </DialogContent>
    </Dialog>
  );
}

function EntryFacts({ entry }: { entry: Entry }) {
  const targetLink =
    entry.targetId && entry.targetLabel !== null && targetHref(entry.targetType, entry.targetId);
  return (
    <dl className="grid gap-2.5">
      <Row term="Action">
        <code className="font-mono text-xs" data-testid="audit-entry-action">
          {entry.action}
        </code>
      </Row>
      <Row term="When">
        <time dateTime={entry.createdAt.toISOString()}>
          {formatDateTime(entry.createdAt)} ({entry.createdAt.toISOString()})
        </time>
      </Row>
      <Row term="Actor">
        <span className="flex flex-wrap items-center gap-2">
          {entry.actorType === "console" || entry.actorType === "user" ? (
            entry.actorId && entry.actorLabel ? (
              <Link className="font-medium hover:underline" href={`/users/${entry.actorId}`}>
                {actorName(entry)}
              </Link>
            ) : (
              <span className="font-medium">{actorName(entry)}</span>
            )
          ) : entry.actorType === "management_api" && entry.actorId && entry.actorLabel ? (
            <Link className="font-medium hover:underline" href={`/applications/${entry.actorId}`}>
              {actorName(entry)}
            </Link>
          ) : (
            <span className="font-medium">{actorName(entry)}</span>
          )}
          <Badge>{actorTypeLabel(entry.actorType)}</Badge>
          {entry.actorId && entry.actorLabel ? (
            <span className="font-mono text-xs text-muted-foreground">{entry.actorId}</span>
          ) : null}
        </span>
      </Row>
      <Row term="Target">
        <span className="flex flex-wrap items-center gap-2">
          {targetLink ? (
            <Link className="font-medium hover:underline" href={targetLink}>
              {entry.targetLabel}
            </Link>
          ) : entry.targetLabel ? (
            <span className="font-medium">{entry.targetLabel}</span>
          ) : null}
          <Badge>{entry.targetType}</Badge>
          {entry.targetId ? (
            <span className="font-mono text-xs text-muted-foreground">{entry.targetId}</span>
          ) : null}
        </span>
      </Row>
      {entry.organizationId ? (
        <Row term="Organization">
          <span className="flex flex-wrap items-center gap-2">
            {entry.organizationName ? (
              <Link
                className="font-medium hover:underline"
                href={`/organizations/${entry.organizationId}/audit`}
              >
                {entry.organizationName}
              </Link>
            ) : (
              <span className="text-muted-foreground">Deleted organization</span>
            )}
            <span className="font-mono text-xs text-muted-foreground">{entry.organizationId}</span>
          </span>
        </Row>
      ) : null}
      <Row term="Entry id">
        <span className="font-mono text-xs">{entry.id}</span>
      </Row>
    </dl>
  );
}

const KIND_LABELS: Record<FieldChange["kind"], string> = {
  added: "Added",
  removed: "Removed",
  changed: "Changed",
};

function Value({ value }: { value: unknown }) {
  return (
    <pre className="max-w-xs font-mono text-xs break-all whitespace-pre-wrap">
      {formatValue(value)}
    </pre>
  );
}

function EntryData({ data }: { data: Entry["data"] }) {
  const pair = beforeAfter(data);
  const changes = pair ? diffFields(pair.before, pair.after) : [];
  const empty = Object.keys(data).length === 0;
  return (
    <>
      {pair ? (
        <section className="grid gap-2" aria-labelledby="audit-changes-heading">
          <h3 id="audit-changes-heading" className="text-sm font-semibold">
            Changes
          </h3>
          {changes.length === 0 ? (
            <p className="text-sm text-muted-foreground">Before and after are the same.</p>
          ) : (
            <Table label="Changed fields">
              <THead>
                <TR>
                  <TH>Field</TH>
                  <TH>Before</TH>
                  <TH>After</TH>
                </TR>
              </THead>
              <TBody>
                {changes.map((change) => (
                  <TR key={change.path} data-testid="audit-change">
                    <TD className="align-top">
                      <code className="font-mono text-xs">{change.path}</code>
                      <div className="text-xs text-muted-foreground">
                        {KIND_LABELS[change.kind]}
                      </div>
                    </TD>
                    <TD className="align-top text-danger">
                      <Value value={change.before} />
                    </TD>
                    <TD className="align-top text-success">
                      <Value value={change.after} />
                    </TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          )}
        </section>
      ) : null}
      <section className="grid gap-2" aria-labelledby="audit-data-heading">
        <h3 id="audit-data-heading" className="text-sm font-semibold">
          Data
        </h3>
        {empty ? (
          <p className="text-sm text-muted-foreground">This entry records no data.</p>
        ) : (
          <pre
            className="max-h-80 overflow-auto rounded-md border border-border bg-muted p-3 font-mono text-xs whitespace-pre-wrap"
            data-testid="audit-entry-data"
            // Scrolls when long: a named region that keyboard users can focus and scroll.
            role="region"
            tabIndex={0}
            aria-label="Entry data as JSON"
          >
            {JSON.stringify(data, null, 2)}
          </pre>
        )}
      </section>
    </>
  );
}
