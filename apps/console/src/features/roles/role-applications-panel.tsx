"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Bot, Plus } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { AssignDialog } from "@/components/assign-dialog";
import { RelationPanel } from "@/components/relation-panel";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { plural } from "@/lib/format";
import { useListState } from "@/lib/use-list-params";
import { useTRPC } from "@/trpc/react";
import { MachineApplicationPicker } from "../applications/machine-application-picker";
import type { Role } from "./role-detail";

const PAGE_SIZE = 20;

/** The machine-to-machine applications holding a machine-to-machine role. */
export function RoleApplicationsPanel({ role }: { role: Role }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { q, page, setQ, setPage } = useListState();
  const [assigning, setAssigning] = useState(false);
  const query = useQuery({
    ...trpc.role.application.list.queryOptions({
      roleId: role.id,
      q: q || undefined,
      page,
      pageSize: PAGE_SIZE,
    }),
    placeholderData: keepPreviousData,
  });
  const remove = useMutation(trpc.role.application.remove.mutationOptions());
  const assign = useMutation(trpc.role.application.assign.mutationOptions());
  // The application page shows Management API access too.
  const invalidateRoleAndApplications = () =>
    Promise.all([
      queryClient.invalidateQueries(trpc.role.pathFilter()),
      queryClient.invalidateQueries(trpc.application.pathFilter()),
    ]);
  const assignButton = (
    <Button onClick={() => setAssigning(true)} data-testid="assign-role-applications">
      <Plus aria-hidden />
      Assign applications
    </Button>
  );

  return (
    <RelationPanel
      frame={{
        kind: "section",
        id: "role-applications",
        heading: "Applications",
        notice: role.isManagementApi ? (
          <p className="text-sm text-muted-foreground">
            Only console admins can change which applications hold this role.
          </p>
        ) : null,
      }}
      action={assignButton}
      search={{
        value: q,
        onChange: setQ,
        label: "Search applications",
        placeholder: "Search by name",
      }}
      pagination={{
        page,
        pageSize: PAGE_SIZE,
        onPageChange: setPage,
        label: "Role applications pages",
      }}
      query={query}
      empty={{
        searching: {
          title: `No applications match “${q}”`,
          description:
            "Try another search, or clear it to see every application holding this role.",
        },
        none: {
          icon: <Bot />,
          title: "No applications hold this role",
          description:
            "Assign machine-to-machine applications: their client-credentials tokens carry its permissions.",
          action: assignButton,
        },
      }}
      table={{ label: "Role applications", rowTestId: "role-application-row" }}
      columns={[
        {
          header: "Application",
          cell: (app) => (
            <Link href={`/applications/${app.id}`} className="font-medium hover:underline">
              {app.name}
            </Link>
          ),
        },
        {
          header: "Client ID",
          headClassName: "hidden md:table-cell",
          className: "hidden font-mono text-xs text-muted-foreground md:table-cell",
          cell: (app) => app.id,
        },
      ]}
      remove={{
        mutation: remove,
        variables: (app) => ({ roleId: role.id, applicationId: app.id }),
        label: (app) => `Remove ${app.name}`,
        confirm: (app) => ({
          title: `Remove ${role.name} from ${app.name}?`,
          description:
            "The application stays; tokens issued from now on no longer carry this role's permissions.",
          impact: role.isManagementApi
            ? `${app.name} can no longer call the Management API once its current token expires.`
            : `${app.name} loses the ${plural(role.scopesCount, "permission")} of ${role.name}, unless another role grants them.`,
          confirmLabel: "Remove role",
        }),
        removed: (app) => `${app.name} no longer holds ${role.name}`,
        onRemoved: invalidateRoleAndApplications,
      }}
    >
      <AssignDialog
        open={assigning}
        onOpenChange={setAssigning}
        title="Assign applications"
        description={`Their client-credentials tokens carry the permissions of ${role.name}.`}
        submitTestId="assign-applications-submit"
        emptyMessage="Pick at least one application."
        mutation={assign}
        variables={(applicationIds) => ({ roleId: role.id, applicationIds })}
        assigned={(count) => `${plural(count, "application")} now hold ${role.name}`}
        onAssigned={invalidateRoleAndApplications}
      >
        {(apps, setApps) => (
          <FormField label="Applications" required>
            <MachineApplicationPicker value={apps} onChange={setApps} />
          </FormField>
        )}
      </AssignDialog>
    </RelationPanel>
  );
}
