"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Bot, Plus, Trash2 } from "lucide-react";
import Link from "next/link";
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
import { plural } from "@/lib/format";
import { useTRPC } from "@/trpc/react";
import type { RouterOutputs } from "@/trpc/types";
import { AssignApplicationsDialog } from "./assign-applications-dialog";
import type { Role } from "./role-detail";

type RoleApplication = RouterOutputs["role"]["application"]["list"]["items"][number];

const PAGE_SIZE = 20;

/** The machine-to-machine applications holding a machine-to-machine role. */
export function RoleApplicationsPanel({ role }: { role: Role }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [q, setQ] = useState("");
  const [page, setPage] = useState(1);
  const [assigning, setAssigning] = useState(false);
  const [removing, setRemoving] = useState<RoleApplication | null>(null);
  const query = useQuery({
    ...trpc.role.application.list.queryOptions({
      roleId: role.id,
      q: q || undefined,
      page,
      pageSize: PAGE_SIZE,
    }),
    placeholderData: keepPreviousData,
  });
  const remove = useMutation(
    trpc.role.application.remove.mutationOptions({
      onSuccess: async () => {
        toast.success(`${removing?.name ?? "The application"} no longer holds ${role.name}`);
        setRemoving(null);
        // The application page shows Management API access too.
        await Promise.all([
          queryClient.invalidateQueries(trpc.role.pathFilter()),
          queryClient.invalidateQueries(trpc.application.pathFilter()),
        ]);
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const assignButton = (
    <Button onClick={() => setAssigning(true)} data-testid="assign-role-applications">
      <Plus aria-hidden />
      Assign applications
    </Button>
  );
  const search = (value: string) => {
    setQ(value);
    setPage(1);
  };

  return (
    <section aria-labelledby="role-applications-heading" className="grid gap-4">
      <h2 id="role-applications-heading" className="sr-only">
        Applications
      </h2>
      {role.isManagementApi ? (
        <p className="text-sm text-muted-foreground">
          Only console admins can change which applications hold this role.
        </p>
      ) : null}
      <div className="flex flex-wrap items-center justify-between gap-3">
        <SearchInput
          value={q}
          onChange={search}
          label="Search applications"
          placeholder="Search by name"
        />
        {assignButton}
      </div>
      <QueryList
        query={query}
        empty={
          q ? (
            <EmptyState
              title={`No applications match “${q}”`}
              description="Try another search, or clear it to see every application holding this role."
            />
          ) : (
            <EmptyState
              icon={<Bot />}
              title="No applications hold this role"
              description="Assign machine-to-machine applications: their client-credentials tokens carry its permissions."
              action={assignButton}
            />
          )
        }
      >
        {(data) => (
          <>
            <Table label="Role applications">
              <THead>
                <TR>
                  <TH>Application</TH>
                  <TH className="hidden md:table-cell">Client ID</TH>
                  <TH className="w-16 text-right">
                    <span className="sr-only">Actions</span>
                  </TH>
                </TR>
              </THead>
              <TBody>
                {data.items.map((app) => (
                  <TR key={app.id} data-testid="role-application-row">
                    <TD>
                      <Link
                        href={`/applications/${app.id}`}
                        className="font-medium hover:underline"
                      >
                        {app.name}
                      </Link>
                    </TD>
                    <TD className="hidden font-mono text-xs text-muted-foreground md:table-cell">
                      {app.id}
                    </TD>
                    <TD className="text-right">
                      <Button
                        variant="ghost"
                        size="icon"
                        onClick={() => setRemoving(app)}
                        aria-label={`Remove ${app.name}`}
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
              total={data.total}
              onPageChange={setPage}
              label="Role applications pages"
            />
          </>
        )}
      </QueryList>
      <AssignApplicationsDialog role={role} open={assigning} onOpenChange={setAssigning} />
      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(o) => !o && setRemoving(null)}
        title={`Remove ${role.name} from ${removing?.name ?? ""}?`}
        description="The application stays; tokens issued from now on no longer carry this role's permissions."
        impact={
          role.isManagementApi
            ? `${removing?.name ?? "The application"} can no longer call the Management API once its current token expires.`
            : `${removing?.name ?? "The application"} loses the ${plural(role.scopesCount, "permission")} of ${role.name}, unless another role grants them.`
        }
        confirmLabel="Remove role"
        pending={remove.isPending}
        onConfirm={() => removing && remove.mutate({ roleId: role.id, applicationId: removing.id })}
      />
    </section>
  );
}
