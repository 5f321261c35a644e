"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { KeyRound, Plus } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { AssignDialog } from "@/components/assign-dialog";
import { RelationPanel } from "@/components/relation-panel";
import { Button } from "@/components/ui/button";
import { ResourceScopeFields } from "@/features/roles/resource-scope-fields";
import { plural } from "@/lib/format";
import { useListState } from "@/lib/use-list-params";
import { useTRPC } from "@/trpc/react";
import type { OrganizationRole } from "./role-detail";

const PAGE_SIZE = 20;

/**
 * The API resource permissions an organization role holds. A member holding the role gets
 * them in tokens asked for that API in their organization (`resource` + `organization_id`).
 */
export function RoleApiPermissionsPanel({ role }: { role: OrganizationRole }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { q, page, setQ, setPage } = useListState();
  const [assigning, setAssigning] = useState(false);
  const query = useQuery({
    ...trpc.organizationRole.resourceScope.list.queryOptions({
      roleId: role.id,
      q: q || undefined,
      page,
      pageSize: PAGE_SIZE,
    }),
    placeholderData: keepPreviousData,
  });
  // Who loses a permission when it is removed: said in the confirmation.
  const impact = useQuery(trpc.organizationRole.impact.queryOptions({ id: role.id }));
  const add = useMutation(trpc.organizationRole.resourceScope.add.mutationOptions());
  const remove = useMutation(trpc.organizationRole.resourceScope.remove.mutationOptions());
  const invalidateRole = () => queryClient.invalidateQueries(trpc.organizationRole.pathFilter());
  const addButton = (
    <Button onClick={() => setAssigning(true)} data-testid="add-role-api-permissions">
      <Plus aria-hidden />
      Add API permissions
    </Button>
  );

  return (
    <RelationPanel
      frame={{
        kind: "card",
        title: "API permissions",
        description:
          "Permissions of your API resources. A member holding this role gets them in access tokens for that API requested with the organization (resource and organization_id), in every organization where they hold the role.",
      }}
      action={addButton}
      search={{ value: q, onChange: setQ, label: "Search API permissions" }}
      pagination={{
        page,
        pageSize: PAGE_SIZE,
        onPageChange: setPage,
        label: "API permissions pages",
      }}
      query={query}
      empty={{
        searching: {
          title: `No API permissions match “${q}”`,
          description: "Try another search, or clear it to see all API permissions.",
        },
        none: {
          icon: <KeyRound />,
          title: "No API permissions yet",
          description:
            "Add permissions of an API resource: members holding this role get them in that organization's tokens for the API.",
          action: addButton,
        },
      }}
      table={{ label: "API permissions of the role", rowTestId: "role-api-permission-row" }}
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
      remove={{
        mutation: remove,
        variables: (scope) => ({ roleId: role.id, scopeId: scope.id }),
        label: (scope) => `Remove ${scope.name}`,
        confirm: (scope) => ({
          title: `Remove ${scope.name} from ${role.name}?`,
          description: `Tokens for ${scope.resource.name} issued from now on no longer carry it. Tokens already issued keep it until they expire.`,
          impact: impact.data
            ? `${plural(impact.data.members, "member")} in ${plural(impact.data.organizations, "organization")} holding this role lose this permission, unless another of their roles grants it.`
            : "Every member holding this role loses this permission, unless another of their roles grants it.",
          confirmLabel: "Remove permission",
        }),
        removed: (scope) => `API permission ${scope.name} removed from ${role.name}`,
        onRemoved: invalidateRole,
      }}
    >
      <AssignDialog
        open={assigning}
        onOpenChange={setAssigning}
        title="Add API permissions"
        description={`Members holding ${role.name} get these permissions in their organization's tokens for the API.`}
        submitLabel="Add permissions"
        submitTestId="add-role-api-permissions-submit"
        emptyMessage="Pick at least one permission."
        mutation={add}
        variables={(scopeIds) => ({ roleId: role.id, scopeIds })}
        assigned={(_, added) => `${plural(added.length, "API permission")} added to ${role.name}`}
        onAssigned={invalidateRole}
      >
        {(scopes, setScopes) => <ResourceScopeFields value={scopes} onChange={setScopes} />}
      </AssignDialog>
    </RelationPanel>
  );
}
