"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { KeyRound, Pencil, Plus } from "lucide-react";
import { useState } from "react";
import { RelationPanel } from "@/components/relation-panel";
import { Button } from "@/components/ui/button";
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
  const remove = useMutation(trpc.apiResource.scope.delete.mutationOptions());
  const editable = !resource.isManagementApi;
  const addButton = editable ? (
    <Button onClick={() => setCreating(true)} data-testid="add-api-scope">
      <Plus aria-hidden />
      Add permission
    </Button>
  ) : null;

  return (
    <RelationPanel
      frame={{ kind: "section", id: "api-scopes", heading: "Permissions" }}
      action={addButton}
      search={{ value: q, onChange: setQ, label: "Search permissions" }}
      pagination={{ page, pageSize: PAGE_SIZE, onPageChange: setPage, label: "Permissions pages" }}
      query={query}
      loading={pastEnd}
      empty={{
        searching: {
          title: `No permissions match “${q}”`,
          description: "Try another search, or clear it to see all permissions.",
        },
        none: {
          icon: <KeyRound />,
          title: "No permissions yet",
          description:
            "Permissions name what your API allows, like read:invoice. Add them here, then grant them through global roles.",
          action: addButton,
        },
      }}
      table={{ label: "Permissions", rowTestId: "api-scope-row" }}
      columns={[
        { header: "Name", className: "font-mono font-medium", cell: (scope) => scope.name },
        {
          header: "Description",
          className: "text-muted-foreground",
          cell: (scope) => scope.description || "—",
        },
        {
          header: "Created",
          headClassName: "hidden md:table-cell",
          className: "hidden text-muted-foreground md:table-cell",
          cell: (scope) => formatDate(scope.createdAt),
        },
      ]}
      rowActions={
        editable
          ? (scope) => (
              <Button
                variant="ghost"
                size="icon"
                onClick={() => setEditing(scope)}
                aria-label={`Edit ${scope.name}`}
              >
                <Pencil aria-hidden />
              </Button>
            )
          : undefined
      }
      remove={
        editable
          ? {
              mutation: remove,
              variables: (scope) => ({ resourceId: resource.id, id: scope.id }),
              label: (scope) => `Delete ${scope.name}`,
              confirm: (scope) => ({
                title: `Delete permission ${scope.name}?`,
                description:
                  "Tokens issued from now on no longer carry it. Tokens already issued keep it until they expire.",
                impact: "Every global role holding this permission loses it.",
                confirmLabel: "Delete permission",
              }),
              removed: (scope) => `Permission ${scope.name} deleted`,
              onRemoved: () =>
                queryClient.invalidateQueries(trpc.apiResource.scope.list.pathFilter()),
            }
          : undefined
      }
    >
      <ApiScopeDialog resourceId={resource.id} open={creating} onOpenChange={setCreating} />
      <ApiScopeDialog
        resourceId={resource.id}
        open={editing !== null}
        onOpenChange={(o) => !o && setEditing(null)}
        scope={editing ?? undefined}
      />
    </RelationPanel>
  );
}
