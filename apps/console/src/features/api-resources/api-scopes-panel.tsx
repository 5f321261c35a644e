"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { KeyRound, Pencil, Plus, Trash2 } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Pagination } from "@/components/ui/pagination";
import { SearchInput } from "@/components/ui/search-input";
import { QueryList } from "@/components/ui/query-list";
import { EmptyState } from "@/components/ui/states";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/errors";
import { formatDate } from "@/lib/format";
import { usePageClamp, useListParams } from "@/lib/use-list-params";
import { useTRPC } from "@/trpc/react";
import type { ApiResource } from "./api-resource-detail";
import { ApiScopeDialog, type ApiScope } from "./api-scope-dialog";

const PAGE_SIZE = 20;

export function ApiScopesPanel({ resource }: { resource: ApiResource }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { q, page, setQ, setPage } = useListParams();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<ApiScope | null>(null);
  const [deleting, setDeleting] = useState<ApiScope | null>(null);
  const query = useQuery({
    ...trpc.apiResource.scope.list.queryOptions({
      resourceId: resource.id,
      q: q || undefined,
      page,
      pageSize: PAGE_SIZE,
    }),
    placeholderData: keepPreviousData,
  });
  const pastEnd = usePageClamp(query.data, page, setPage);
  const remove = useMutation(
    trpc.apiResource.scope.delete.mutationOptions({
      onSuccess: async () => {
        toast.success(`Permission ${deleting?.name ?? ""} deleted`);
        setDeleting(null);
        await queryClient.invalidateQueries(trpc.apiResource.scope.list.pathFilter());
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const editable = !resource.isManagementApi;
  const addButton = editable ? (
    <Button onClick={() => setCreating(true)} data-testid="add-api-scope">
      <Plus aria-hidden />
      Add permission
    </Button>
  ) : null;

  return (
    <section aria-labelledby="api-scopes-heading" className="grid gap-4">
      <h2 id="api-scopes-heading" className="sr-only">
        Permissions
      </h2>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <SearchInput value={q} onChange={setQ} label="Search permissions" />
        {addButton}
      </div>
      <QueryList
        query={query}
        loading={pastEnd}
        empty={
          q ? (
            <EmptyState
              title={`No permissions match “${q}”`}
              description="Try another search, or clear it to see all permissions."
            />
          ) : (
            <EmptyState
              icon={<KeyRound />}
              title="No permissions yet"
              description="Permissions name what your API allows, like read:invoice. Add them here, then grant them through global roles."
              action={addButton}
            />
          )
        }
      >
        {(data) => (
          <>
            <Table label="Permissions">
              <THead>
                <TR>
                  <TH>Name</TH>
                  <TH>Description</TH>
                  <TH className="hidden md:table-cell">Created</TH>
                  {editable ? (
                    <TH className="w-24 text-right">
                      <span className="sr-only">Actions</span>
                    </TH>
                  ) : null}
                </TR>
              </THead>
              <TBody>
                {data.items.map((scope) => (
                  <TR key={scope.id} data-testid="api-scope-row">
                    <TD className="font-mono font-medium">{scope.name}</TD>
                    <TD className="text-muted-foreground">{scope.description || "—"}</TD>
                    <TD className="hidden text-muted-foreground md:table-cell">
                      {formatDate(scope.createdAt)}
                    </TD>
                    {editable ? (
                      <TD className="text-right whitespace-nowrap">
                        <Button
                          variant="ghost"
                          size="icon"
                          onClick={() => setEditing(scope)}
                          aria-label={`Edit ${scope.name}`}
                        >
                          <Pencil aria-hidden />
                        </Button>
                        <Button
                          variant="ghost"
                          size="icon"
                          onClick={() => setDeleting(scope)}
                          aria-label={`Delete ${scope.name}`}
                        >
                          <Trash2 aria-hidden />
                        </Button>
                      </TD>
                    ) : null}
                  </TR>
                ))}
              </TBody>
            </Table>
            <Pagination
              page={page}
              pageSize={PAGE_SIZE}
              total={data.total}
              onPageChange={setPage}
              label="Permissions pages"
            />
          </>
        )}
      </QueryList>
      <ApiScopeDialog resourceId={resource.id} open={creating} onOpenChange={setCreating} />
      <ApiScopeDialog
        resourceId={resource.id}
        open={editing !== null}
        onOpenChange={(o) => !o && setEditing(null)}
        scope={editing ?? undefined}
      />
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={`Delete permission ${deleting?.name ?? ""}?`}
        description="Tokens issued from now on no longer carry it. Tokens already issued keep it until they expire."
        impact="Every global role holding this permission loses it."
        confirmLabel="Delete permission"
        pending={remove.isPending}
        onConfirm={() => deleting && remove.mutate({ resourceId: resource.id, id: deleting.id })}
      />
    </section>
  );
}
