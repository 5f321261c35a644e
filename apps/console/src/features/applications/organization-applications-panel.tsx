"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Bot, Pencil, Plus, Unlink } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { AssignDialog } from "@/components/assign-dialog";
import { RelationPanel } from "@/components/relation-panel";
import { RoleBadges } from "@/components/role-badges";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { formatDate } from "@/lib/format";
import { usePageClamp, useListParams } from "@/lib/use-list-params";
import { useTRPC } from "@/trpc/react";
import { MachineRolePicker } from "../organizations/role-picker";
import { MachineApplicationPicker } from "./machine-application-picker";

const PAGE_SIZE = 20;

interface AppMember {
  id: string;
  name: string;
  organizationRoles: { id: string; name: string }[];
}

function useInvalidate() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries(trpc.organization.application.pathFilter());
}

/** Organization detail, Applications tab: machine-to-machine apps that are members, with their roles. */
export function OrganizationApplicationsPanel({ organizationId }: { organizationId: string }) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.organization.get.queryOptions({ id: organizationId }));
  const orgName = detail.data?.name ?? "this organization";
  const { q, page, setQ, setPage } = useListParams();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<AppMember | null>(null);
  const invalidate = useInvalidate();
  const query = useQuery({
    ...trpc.organization.application.list.queryOptions({
      organizationId,
      q: q || undefined,
      page,
      pageSize: PAGE_SIZE,
    }),
    placeholderData: keepPreviousData,
  });
  const pastEnd = usePageClamp(query.data, page, setPage);
  const remove = useMutation(trpc.organization.application.remove.mutationOptions());
  const addButton = (
    <Button onClick={() => setAdding(true)} data-testid="add-organization-applications">
      <Plus aria-hidden />
      Add applications
    </Button>
  );

  return (
    <RelationPanel
      frame={{ kind: "section", id: "org-apps", heading: "Applications" }}
      action={addButton}
      search={{
        value: q,
        onChange: setQ,
        label: "Search applications",
        placeholder: "Search by name or client id",
      }}
      pagination={{
        page,
        pageSize: PAGE_SIZE,
        onPageChange: setPage,
        label: "Application members pages",
      }}
      query={query}
      loading={pastEnd}
      empty={{
        searching: {
          title: `No applications match “${q}”`,
          description: "Search matches part of a name, or an exact client id.",
        },
        none: {
          icon: <Bot />,
          title: `${orgName} has no application members`,
          description:
            "A machine-to-machine application that is a member can get an organization token for this organization with client credentials, holding the permissions of its machine-to-machine roles here.",
          action: addButton,
        },
      }}
      table={{ label: "Application members", rowTestId: "organization-application-row" }}
      columns={[
        {
          header: "Application",
          cell: (app) => (
            <>
              <Link href={`/applications/${app.id}`} className="font-medium hover:underline">
                {app.name}
              </Link>
              <div className="font-mono text-xs text-muted-foreground">{app.id}</div>
            </>
          ),
        },
        {
          header: "Roles",
          cell: (app) => (
            <RoleBadges roles={app.organizationRoles} label={`Roles of ${app.name}`} />
          ),
        },
        {
          header: "Added",
          headClassName: "hidden md:table-cell",
          className: "hidden text-muted-foreground md:table-cell",
          cell: (app) => formatDate(app.addedAt),
        },
      ]}
      rowActions={(app) => (
        <Button
          variant="ghost"
          size="icon"
          onClick={() => setEditing(app)}
          aria-label={`Edit roles of ${app.name}`}
        >
          <Pencil aria-hidden />
        </Button>
      )}
      remove={{
        mutation: remove,
        variables: (app) => ({ organizationId, applicationId: app.id }),
        label: (app) => `Remove ${app.name}`,
        icon: <Unlink aria-hidden />,
        confirm: (app) => ({
          title: `Remove ${app.name} from ${orgName}?`,
          description:
            "The application itself stays; it can no longer get organization tokens for this organization.",
          impact: app.organizationRoles.length
            ? `It loses its roles here: ${app.organizationRoles.map((r) => r.name).join(", ")}.`
            : "It holds no roles here.",
          confirmLabel: "Remove",
        }),
        removed: (app) => `${app.name} removed from ${orgName}`,
        onRemoved: invalidate,
      }}
    >
      <AddApplicationsDialog
        organizationId={organizationId}
        orgName={orgName}
        open={adding}
        onOpenChange={setAdding}
      />
      <EditApplicationRolesDialog
        organizationId={organizationId}
        app={editing}
        onOpenChange={(o) => !o && setEditing(null)}
      />
    </RelationPanel>
  );
}

function AddApplicationsDialog({
  organizationId,
  orgName,
  open,
  onOpenChange,
}: {
  organizationId: string;
  orgName: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  const add = useMutation(trpc.organization.application.add.mutationOptions());
  return (
    <AssignDialog
      open={open}
      onOpenChange={onOpenChange}
      title={`Add applications to ${orgName}`}
      description="Only machine-to-machine applications can be organization members. They join with no roles."
      formLabel="Add organization applications"
      submitLabel="Add"
      submitTestId="organization-applications-submit"
      emptyMessage="Choose at least one application."
      mutation={add}
      variables={(applicationIds) => ({ organizationId, applicationIds })}
      assigned={(count) =>
        `${count === 1 ? "Application" : `${count} applications`} added to ${orgName}`
      }
      onAssigned={invalidate}
    >
      {(apps, setApps) => (
        <FormField label="Applications">
          <MachineApplicationPicker value={apps} onChange={setApps} />
        </FormField>
      )}
    </AssignDialog>
  );
}

function EditApplicationRolesDialog({
  organizationId,
  app,
  onOpenChange,
}: {
  organizationId: string;
  app: AppMember | null;
  onOpenChange: (open: boolean) => void;
}) {
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  const save = useMutation(trpc.organization.application.role.replace.mutationOptions());
  return (
    <AssignDialog
      open={app !== null}
      onOpenChange={onOpenChange}
      title={`Roles of ${app?.name ?? ""}`}
      description="Machine-to-machine roles only. The application's next organization token holds every permission of these roles."
      formLabel="Edit application roles"
      submitLabel="Save roles"
      submitTestId="application-roles-submit"
      initial={app?.organizationRoles.map((r) => ({ id: r.id, label: r.name }))}
      mutation={save}
      variables={(organizationRoleIds) =>
        app && { organizationId, applicationId: app.id, organizationRoleIds }
      }
      assigned={() => `Roles of ${app?.name ?? "application"} saved`}
      onAssigned={invalidate}
    >
      {(roles, setRoles) => (
        <FormField label="Roles">
          <MachineRolePicker value={roles} onChange={setRoles} />
        </FormField>
      )}
    </AssignDialog>
  );
}
