"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Bot, Pencil, Plus, Unlink } from "lucide-react";
import Link from "next/link";
import { useEffect, useState } from "react";
import { AssignDialog } from "@/components/assign-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { FormError, FormField, useFormField } from "@/components/ui/form-field";
import { MultiSelect, type Option } from "@/components/ui/multi-select";
import { Pagination } from "@/components/ui/pagination";
import { SearchInput } from "@/components/ui/search-input";
import { EmptyState, ErrorState, TableSkeleton } from "@/components/ui/states";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/errors";
import { formatDate } from "@/lib/format";
import { usePageClamp, useListParams } from "@/lib/use-list-params";
import { useTRPC } from "@/trpc/react";
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
  const [removing, setRemoving] = useState<AppMember | null>(null);
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
  const remove = useMutation(
    trpc.organization.application.remove.mutationOptions({
      onSuccess: async () => {
        toast.success(`${removing?.name ?? "Application"} removed from ${orgName}`);
        setRemoving(null);
        await invalidate();
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const addButton = (
    <Button onClick={() => setAdding(true)} data-testid="add-organization-applications">
      <Plus aria-hidden />
      Add applications
    </Button>
  );

  return (
    <section aria-labelledby="org-apps-heading" className="grid gap-4">
      <h2 id="org-apps-heading" className="sr-only">
        Applications
      </h2>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <SearchInput
          value={q}
          onChange={setQ}
          label="Search applications"
          placeholder="Search by name or client id"
        />
        {addButton}
      </div>
      {query.isPending || pastEnd ? (
        <TableSkeleton />
      ) : query.isError ? (
        <ErrorState message={errorMessage(query.error)} onRetry={() => void query.refetch()} />
      ) : query.data.items.length === 0 ? (
        q ? (
          <EmptyState
            title={`No applications match “${q}”`}
            description="Search matches part of a name, or an exact client id."
          />
        ) : (
          <EmptyState
            icon={<Bot />}
            title={`${orgName} has no application members`}
            description="A machine-to-machine application that is a member can get an organization token for this organization with client credentials, holding the permissions of its machine-to-machine roles here."
            action={addButton}
          />
        )
      ) : (
        <>
          <Table label="Application members">
            <THead>
              <TR>
                <TH>Application</TH>
                <TH>Roles</TH>
                <TH className="hidden md:table-cell">Added</TH>
                <TH className="w-24 text-right">
                  <span className="sr-only">Actions</span>
                </TH>
              </TR>
            </THead>
            <TBody>
              {query.data.items.map((app) => (
                <TR key={app.id} data-testid="organization-application-row">
                  <TD>
                    <Link href={`/applications/${app.id}`} className="font-medium hover:underline">
                      {app.name}
                    </Link>
                    <div className="font-mono text-xs text-muted-foreground">{app.id}</div>
                  </TD>
                  <TD>
                    {app.organizationRoles.length === 0 ? (
                      <span className="text-muted-foreground">No roles</span>
                    ) : (
                      <ul className="flex flex-wrap gap-1" aria-label={`Roles of ${app.name}`}>
                        {app.organizationRoles.map((r) => (
                          <li key={r.id}>
                            <Badge tone="primary">{r.name}</Badge>
                          </li>
                        ))}
                      </ul>
                    )}
                  </TD>
                  <TD className="hidden text-muted-foreground md:table-cell">
                    {formatDate(app.addedAt)}
                  </TD>
                  <TD className="text-right whitespace-nowrap">
                    <Button
                      variant="ghost"
                      size="icon"
                      onClick={() => setEditing(app)}
                      aria-label={`Edit roles of ${app.name}`}
                    >
                      <Pencil aria-hidden />
                    </Button>
                    <Button
                      variant="ghost"
                      size="icon"
                      onClick={() => setRemoving(app)}
                      aria-label={`Remove ${app.name}`}
                    >
                      <Unlink aria-hidden />
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
            label="Application members pages"
          />
        </>
      )}

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
      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(o) => !o && setRemoving(null)}
        title={`Remove ${removing?.name ?? ""} from ${orgName}?`}
        description="The application itself stays; it can no longer get organization tokens for this organization."
        impact={
          removing?.organizationRoles.length
            ? `It loses its roles here: ${removing.organizationRoles.map((r) => r.name).join(", ")}.`
            : "It holds no roles here."
        }
        confirmLabel="Remove"
        pending={remove.isPending}
        onConfirm={() => removing && remove.mutate({ organizationId, applicationId: removing.id })}
      />
    </section>
  );
}

function MachineRolePicker({
  value,
  onChange,
}: {
  value: Option[];
  onChange: (value: Option[]) => void;
}) {
  const trpc = useTRPC();
  const field = useFormField();
  const [search, setSearch] = useState("");
  const query = useQuery(
    trpc.organizationRole.list.queryOptions({
      q: search || undefined,
      type: "MachineToMachine",
      pageSize: 50,
    }),
  );
  return (
    <MultiSelect
      label="Roles"
      id={field?.id}
      describedBy={field?.describedBy}
      invalid={field?.invalid}
      selected={value}
      onChange={onChange}
      options={(query.data?.items ?? []).map((r) => ({
        id: r.id,
        label: r.name,
        hint: r.permissions.length ? r.permissions.map((p) => p.name).join(", ") : "No permissions",
      }))}
      search={search}
      onSearchChange={setSearch}
      loading={query.isPending}
      placeholder="No roles"
      emptyText={
        search
          ? `No machine-to-machine role matches “${search}”.`
          : "The template has no machine-to-machine roles yet. Create one under Organization template (type Machine-to-machine)."
      }
    />
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
  const [roles, setRoles] = useState<Option[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (app) {
      setRoles(app.organizationRoles.map((r) => ({ id: r.id, label: r.name })));
      setError(null);
    }
  }, [app]);
  const save = useMutation(
    trpc.organization.application.role.replace.mutationOptions({
      onSuccess: async () => {
        toast.success(`Roles of ${app?.name ?? "application"} saved`);
        onOpenChange(false);
        await invalidate();
      },
      onError: (e) => setError(errorMessage(e)),
    }),
  );
  return (
    <Dialog open={app !== null} onOpenChange={onOpenChange}>
      <DialogContent
        title={`Roles of ${app?.name ?? ""}`}
        description="Machine-to-machine roles only. The application's next organization token holds every permission of these roles."
      >
        <form
          className="grid gap-4"
          aria-label="Edit application roles"
          onSubmit={(e) => {
            e.preventDefault();
            if (!app) return;
            setError(null);
            save.mutate({
              organizationId,
              applicationId: app.id,
              organizationRoleIds: roles.map((r) => r.id),
            });
          }}
        >
          <FormError message={error} />
          <FormField label="Roles">
            <MachineRolePicker value={roles} onChange={setRoles} />
          </FormField>
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="outline">Cancel</Button>
            </DialogClose>
            <Button type="submit" pending={save.isPending} data-testid="application-roles-submit">
              Save roles
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
