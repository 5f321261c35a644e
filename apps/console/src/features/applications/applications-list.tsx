"use client";

import type { ApplicationType } from "@guildhall/validators";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { AppWindow, Plus } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { NativeSelect } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { SearchInput } from "@/components/ui/search-input";
import { EmptyState, ErrorState, TableSkeleton } from "@/components/ui/states";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { errorMessage } from "@/lib/errors";
import { formatDate } from "@/lib/format";
import { usePageClamp, useListParams } from "@/lib/use-list-params";
import { useTRPC } from "@/trpc/react";
import { APPLICATION_TYPES, applicationTypeLabel } from "./application-types";
import { CreateApplicationDialog } from "./create-application-dialog";

const PAGE_SIZE = 20;

function isType(value: string): value is ApplicationType {
  return APPLICATION_TYPES.some((t) => t.type === value);
}

export function ApplicationsList() {
  const trpc = useTRPC();
  const { q, page, filters, setQ, setPage, setFilter } = useListParams(["type"] as const);
  const type = isType(filters.type) ? filters.type : undefined;
  const [creating, setCreating] = useState(false);
  const query = useQuery({
    ...trpc.application.list.queryOptions({ q: q || undefined, type, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const pastEnd = usePageClamp(query.data, page, setPage);
  const createButton = (
    <Button onClick={() => setCreating(true)} data-testid="create-application">
      <Plus aria-hidden />
      Create application
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Applications"
        description="The apps and services that use Guildhall: they sign users in through it, or call your APIs and the Management API with their own credentials."
        actions={createButton}
      />
      <div className="grid gap-4">
        <div className="flex w-full flex-col gap-2 sm:flex-row">
          <SearchInput
            value={q}
            onChange={setQ}
            label="Search applications"
            placeholder="Search by name or client id"
          />
          <NativeSelect
            aria-label="Filter by type"
            className="w-full sm:w-52"
            value={type ?? ""}
            onChange={(e) => setFilter("type", e.target.value)}
          >
            <option value="">All types</option>
            {APPLICATION_TYPES.map((t) => (
              <option key={t.type} value={t.type}>
                {t.label}
              </option>
            ))}
          </NativeSelect>
        </div>
        {query.isPending || pastEnd ? (
          <TableSkeleton />
        ) : query.isError ? (
          <ErrorState message={errorMessage(query.error)} onRetry={() => void query.refetch()} />
        ) : query.data.items.length === 0 ? (
          q || type ? (
            <EmptyState
              title="No applications match"
              description="Try another search or type, or clear the filters."
            />
          ) : (
            <EmptyState
              icon={<AppWindow />}
              title="No applications yet"
              description="An application is a client of Guildhall (an OpenID Connect client). Register your web app, single-page app or mobile app so its users can sign in and get organization tokens, or a machine-to-machine app for a backend service or script that calls your APIs (or the Management API) with a client id and secret."
              action={createButton}
            />
          )
        ) : (
          <>
            <Table label="Applications">
              <THead>
                <TR>
                  <TH>Name</TH>
                  <TH>Type</TH>
                  <TH className="hidden md:table-cell">Created</TH>
                </TR>
              </THead>
              <TBody>
                {query.data.items.map((app) => (
                  <TR key={app.id} data-testid="application-row">
                    <TD>
                      <Link
                        href={`/applications/${app.id}`}
                        className="font-medium hover:underline"
                      >
                        {app.name}
                      </Link>
                      <div className="font-mono text-xs text-muted-foreground">{app.id}</div>
                    </TD>
                    <TD>
                      <Badge>{applicationTypeLabel(app.type)}</Badge>
                    </TD>
                    <TD className="hidden text-muted-foreground md:table-cell">
                      {formatDate(app.createdAt)}
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
              label="Applications pages"
            />
          </>
        )}
      </div>
      <CreateApplicationDialog open={creating} onOpenChange={setCreating} />
    </>
  );
}
