"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { KeyRound, Pencil, Plus, Trash2 } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Pagination } from "@/components/ui/pagination";
import { SearchInput } from "@/components/ui/search-input";
import { EmptyState, ErrorState, TableSkeleton } from "@/components/ui/states";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { errorMessage } from "@/lib/errors";
import { formatDate } from "@/lib/format";
import { usePageClamp, useListParams } from "@/lib/use-list-params";
import { useTRPC } from "@/trpc/react";
import type { RouterOutputs } from "@/trpc/types";
import { DeletePermissionDialog } from "./delete-permission-dialog";
import { PermissionDialog } from "./permission-dialog";

type Permission = RouterOutputs["organizationPermission"]["list"]["items"][number];

const PAGE_SIZE = 20;

export function PermissionsPanel() {
  const trpc = useTRPC();
  const { q, page, setQ, setPage } = useListParams();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Permission | null>(null);
  const [deleting, setDeleting] = useState<Permission | null>(null);
  const query = useQuery({
    ...trpc.organizationPermission.list.queryOptions({
      q: q || undefined,
      page,
      pageSize: PAGE_SIZE,
    }),
    placeholderData: keepPreviousData,
  });
  const pastEnd = usePageClamp(query.data, page, setPage);

  return (
    <section aria-labelledby="permissions-heading" className="grid gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="permissions-heading" className="sr-only">
          Permissions
        </h2>
        <SearchInput value={q} onChange={setQ} label="Search permissions" />
        <Button onClick={() => setCreating(true)} data-testid="create-permission">
          <Plus aria-hidden />
          Create permission
        </Button>
      </div>

      {query.isPending || pastEnd ? (
        <TableSkeleton />
      ) : query.isError ? (
        <ErrorState message={errorMessage(query.error)} onRetry={() => void query.refetch()} />
      ) : query.data.items.length === 0 ? (
        q ? (
          <EmptyState
            title={`No permissions match “${q}”`}
            description="Try another search, or clear it to see all permissions."
          />
        ) : (
          <EmptyState
            icon={<KeyRound />}
            title="No permissions yet"
            description="Permissions name the actions members can take in an organization, like invite:member or read:content. Create them here, then group them into roles."
            action={
              <Button onClick={() => setCreating(true)}>
                <Plus aria-hidden />
                Create permission
              </Button>
            }
          />
        )
      ) : (
        <>
          <Table label="Permissions">
            <THead>
              <TR>
                <TH>Name</TH>
                <TH>Description</TH>
                <TH className="hidden md:table-cell">Created</TH>
                <TH className="w-24 text-right">
                  <span className="sr-only">Actions</span>
                </TH>
              </TR>
            </THead>
            <TBody>
              {query.data.items.map((permission) => (
                <TR key={permission.id} data-testid="permission-row">
                  <TD className="font-mono font-medium">{permission.name}</TD>
                  <TD className="text-muted-foreground">{permission.description || "—"}</TD>
                  <TD className="hidden text-muted-foreground md:table-cell">
                    {formatDate(permission.createdAt)}
                  </TD>
                  <TD className="text-right whitespace-nowrap">
                    <Button
                      variant="ghost"
                      size="icon"
                      onClick={() => setEditing(permission)}
                      aria-label={`Edit ${permission.name}`}
                    >
                      <Pencil aria-hidden />
                    </Button>
                    <Button
                      variant="ghost"
                      size="icon"
                      onClick={() => setDeleting(permission)}
                      aria-label={`Delete ${permission.name}`}
                    >
                      <Trash2 aria-hidden />
                    </Button>
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
            label="Permissions pages"
          />
        </>
      )}

      <PermissionDialog open={creating} onOpenChange={setCreating} />
      <PermissionDialog
        open={editing !== null}
        onOpenChange={(open) => !open && setEditing(null)}
        permission={editing ?? undefined}
      />
      <DeletePermissionDialog
        permission={deleting}
        onOpenChange={(open) => !open && setDeleting(null)}
      />
    </section>
  );
}
