"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Plus, Server } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { SearchInput } from "@/components/ui/search-input";
import { QueryList } from "@/components/ui/query-list";
import { EmptyState } from "@/components/ui/states";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { formatDate } from "@/lib/format";
import { usePageClamp, useListParams } from "@/lib/use-list-params";
import { useTRPC } from "@/trpc/react";
import { CreateApiResourceDialog } from "./create-api-resource-dialog";

const PAGE_SIZE = 20;

export function ApiResourcesList() {
  const trpc = useTRPC();
  const { q, page, setQ, setPage } = useListParams();
  const [creating, setCreating] = useState(false);
  const query = useQuery({
    ...trpc.apiResource.list.queryOptions({ q: q || undefined, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const pastEnd = usePageClamp(query.data, page, setPage);
  const createButton = (
    <Button onClick={() => setCreating(true)} data-testid="create-api-resource">
      <Plus aria-hidden />
      Create API resource
    </Button>
  );

  return (
    <>
      <PageHeader
        title="API resources"
        description="Your APIs and the permissions they check. Applications request access tokens for an API by its identifier; the token carries the permissions the user or app holds through global roles."
        actions={createButton}
      />
      <div className="grid gap-4">
        <SearchInput
          value={q}
          onChange={setQ}
          label="Search API resources"
          placeholder="Search by name or identifier"
        />
        <QueryList
          query={query}
          loading={pastEnd}
          empty={
            q ? (
              <EmptyState
                title={`No API resources match “${q}”`}
                description="Try another search, or clear it to see all API resources."
              />
            ) : (
              <EmptyState
                icon={<Server />}
                title="No API resources yet"
                description="Register an API with its identifier (e.g. https://api.example.com), then define its permissions and grant them through global roles."
                action={createButton}
              />
            )
          }
        >
          {(data) => (
            <>
              <Table label="API resources">
                <THead>
                  <TR>
                    <TH>Name</TH>
                    <TH>Identifier</TH>
                    <TH className="hidden md:table-cell">Created</TH>
                  </TR>
                </THead>
                <TBody>
                  {data.items.map((resource) => (
                    <TR key={resource.id} data-testid="api-resource-row">
                      <TD>
                        <Link
                          href={`/api-resources/${resource.id}`}
                          className="font-medium hover:underline"
                        >
                          {resource.name}
                        </Link>
                        {resource.isManagementApi ? <Badge className="ml-2">Built in</Badge> : null}
                      </TD>
                      <TD className="font-mono text-xs break-all text-muted-foreground">
                        {resource.indicator}
                      </TD>
                      <TD className="hidden text-muted-foreground md:table-cell">
                        {formatDate(resource.createdAt)}
                      </TD>
                    </TR>
                  ))}
                </TBody>
              </Table>
              <Pagination
                page={page}
                pageSize={PAGE_SIZE}
                total={data.total}
                onPageChange={setPage}
                label="API resources pages"
              />
            </>
          )}
        </QueryList>
      </div>
      <CreateApiResourceDialog open={creating} onOpenChange={setCreating} />
    </>
  );
}
