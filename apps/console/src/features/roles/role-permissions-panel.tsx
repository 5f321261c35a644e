"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { KeyRound, Plus } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { AssignDialog } from "@/components/assign-dialog";
import { RelationPanel } from "@/components/relation-panel";
import { Button } from "@/components/ui/button";
import { plural } from "@/lib/format";
import { useListState } from "@/lib/use-list-params";
import { useTRPC } from "@/trpc/react";
import { ResourceScopeFields } from "./resource-scope-fields";
import type { Role } from "./role-detail";

const PAGE_SIZE = 20;

/** The API permissions a role holds, ordered (so grouped) by API resource. */
export function RolePermissionsPanel({ role }: { role: Role }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { q, page, setQ, setPage } = useListState();
  const [assigning, setAssigning] = useState(false);
  const query = useQuery({
    ...trpc.role.scope.list.queryOptions({
      roleId: role.id,
      q: q || undefined,
      page,
      pageSize: PAGE_SIZE,
    }),
    placeholderData: keepPreviousData,
  });
  const remove = useMutation(trpc.role.scope.remove.mutationOptions());
  const assign = useMutation(trpc.role.scope.assign.mutationOptions());
  const invalidateRole = () => queryClient.invalidateQueries(trpc.role.pathFilter());
  const editable = !role.isManagementApi;
  const assignButton = editable ? (
    <Button onClick={() => setAssigning(true)} data-testid="assign-role-permissions">
      <Plus aria-hidden />
      Assign permissions
    </Button>
  ) : null;

  return (
    <RelationPanel
      frame={{ kind: "section", id: "role-permissions", heading: "Permissions" }}
      action={assignButton}
      search={{ value: q, onChange: setQ, label: "Search permissions" }}
      pagination={{
        page,
        pageSize: PAGE_SIZE,
        onPageChange: setPage,
        label: "Role permissions pages",
      }}
      query={query}
      empty={{
        searching: {
          title: `No permissions match “${q}”`,
          description: "Try another search, or clear it to see all permissions.",
        },
        none: {
          icon: <KeyRound />,
          title: "No permissions yet",
          description:
            "Assign permissions of your API resources: whoever holds this role gets them in their access tokens for that API.",
          action: assignButton,
        },
      }}
      table={{ label: "Role permissions", rowTestId: "role-permission-row" }}
      columns={[
        {
          header: "API resource",
          cell: (scope) => (
            <Link href={`/api-resources/${scope.resource.id}`} className="hover:underline">
              {scope.resource.name}
            </Link>
          ),
        },
        { header: "Permission", className: "font-mono font-medium", cell: (scope) => scope.name },
        {
          header: "Description",
          headClassName: "hidden md:table-cell",
          className: "hidden text-muted-foreground md:table-cell",
          cell: (scope) => scope.description || "—",
        },
      ]}
      remove={
        editable
          ? {
              mutation: remove,
              variables: (scope) => ({ roleId: role.id, scopeId: scope.id }),
              label: (scope) => `Remove ${scope.name}`,
              confirm: (scope) => ({
                title: `Remove ${scope.name} from ${role.name}?`,
                description:
                  "Tokens issued from now on no longer carry it. Tokens already issued keep it until they expire.",
                impact:
                  role.type === "User"
                    ? `${plural(role.usersCount, "user")} holding this role lose this permission, unless another role grants it.`
                    : `${plural(role.applicationsCount, "application")} holding this role lose this permission, unless another role grants it.`,
                confirmLabel: "Remove permission",
              }),
              removed: (scope) => `Permission ${scope.name} removed from ${role.name}`,
              onRemoved: invalidateRole,
            }
          : undefined
      }
    >
      <AssignDialog
        open={assigning}
        onOpenChange={setAssigning}
        title="Assign permissions"
        description={`Holders of ${role.name} get these permissions in their access tokens for the API.`}
        submitTestId="assign-permissions-submit"
        emptyMessage="Pick at least one permission."
        mutation={assign}
        variables={(scopeIds) => ({ roleId: role.id, scopeIds })}
        assigned={(_, assigned) =>
          `${plural(assigned.length, "permission")} assigned to ${role.name}`
        }
        onAssigned={invalidateRole}
      >
        {(scopes, setScopes) => <ResourceScopeFields value={scopes} onChange={setScopes} />}
      </AssignDialog>
    </RelationPanel>
  );
}
