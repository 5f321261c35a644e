"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Building2, Plus } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { SearchInput } from "@/components/ui/search-input";
import { EmptyState, ErrorState, TableSkeleton } from "@/components/ui/states";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { errorMessage } from "@/lib/errors";
import { formatDate, plural } from "@/lib/format";
import { usePageClamp, useListParams } from "@/lib/use-list-params";
import { useTRPC } from "@/trpc/react";
import { CreateOrganizationDialog } from "./create-organization-dialog";

const PAGE_SIZE = 20;

export function OrganizationsList() {
  const trpc = useTRPC();
  const { q, page, setQ, setPage } = useListParams();
  const [creating, setCreating] = useState(false);
  const query = useQuery({
    ...trpc.organization.list.queryOptions({ q: q || undefined, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const pastEnd = usePageClamp(query.data, page, setPage);
  const createButton = (
    <Button onClick={() => setCreating(true)} data-testid="create-organization">
      <Plus aria-hidden />
      Create organization
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Organizations"
        description="Your customers' companies, teams and workspaces. Members get roles from the organization template."
        actions={createButton}
      />
      <div className="grid gap-4">
        <SearchInput
          value={q}
          onChange={setQ}
          label="Search organizations"
          placeholder="Search by name or id"
        />
        {query.isPending || pastEnd ? (
          <TableSkeleton />
        ) : query.isError ? (
          <ErrorState message={errorMessage(query.error)} onRetry={() => void query.refetch()} />
        ) : query.data.items.length === 0 ? (
          q ? (
            <EmptyState
              title={`No organizations match “${q}”`}
              description="Search matches the start of a name, or an exact id."
            />
          ) : (
            <EmptyState
              icon={<Building2 />}
              title="No organizations yet"
              description="An organization is one of your customers: a company, team or workspace. Users join it as members and get roles from the organization template; your app asks Guildhall for a token per organization."
              action={createButton}
            />
          )
        ) : (
          <>
            <Table label="Organizations">
              <THead>
                <TR>
                  <TH>Name</TH>
                  <TH>Members</TH>
                  <TH className="hidden sm:table-cell">Security</TH>
                  <TH className="hidden md:table-cell">Created</TH>
                </TR>
              </THead>
              <TBody>
                {query.data.items.map((org) => (
                  <TR key={org.id} data-testid="organization-row">
                    <TD>
                      <Link
                        href={`/organizations/${org.id}/members`}
                        className="font-medium hover:underline"
                      >
                        {org.name}
                      </Link>
                      <div className="font-mono text-xs text-muted-foreground">{org.id}</div>
                    </TD>
                    <TD className="tabular-nums">{plural(org.memberCount, "member")}</TD>
                    <TD className="hidden sm:table-cell">
                      {org.isMfaRequired ? (
                        <Badge tone="success">MFA required</Badge>
                      ) : (
                        <span className="text-muted-foreground">—</span>
                      )}
                    </TD>
                    <TD className="hidden text-muted-foreground md:table-cell">
                      {formatDate(org.createdAt)}
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
              label="Organizations pages"
            />
          </>
        )}
      </div>
      <CreateOrganizationDialog open={creating} onOpenChange={setCreating} />
    </>
  );
}
