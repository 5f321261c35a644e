"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { KeyRound, Plus, Trash2 } from "lucide-react";
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
import { AssignPermissionsDialog } from "./assign-permissions-dialog";
import type { Role } from "./role-detail";

type RoleScope = RouterOutputs["role"]["scope"]["list"]["items"][number];

const PAGE_SIZE = 20;

/** The API permissions a role holds, ordered (so grouped) by API resource. */
export function RolePermissionsPanel({ role }: { role: Role }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [q, setQ] = useState("");
  const [page, setPage] = useState(1);
  const [assigning, setAssigning] = useState(false);
  const [removing, setRemoving] = useState<RoleScope | null>(null);
  const query = useQuery({
    ...trpc.role.scope.list.queryOptions({
      roleId: role.id,
      q: q || undefined,
      page,
      pageSize: PAGE_SIZE,
    }),
    placeholderData: keepPreviousData,
  });
  const remove = useMutation(
    trpc.role.scope.remove.mutationOptions({
      onSuccess: async () => {
        toast.success(`Permission ${removing?.name ?? ""} removed from ${role.name}`);
        setRemoving(null);
        await queryClient.invalidateQueries(trpc.role.pathFilter());
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const editable = !role.isManagementApi;
  const assignButton = editable ? (
    <Button onClick={() => setAssigning(true)} data-testid="assign-role-permissions">
      <Plus aria-hidden />
      Assign permissions
    </Button>
  ) : null;
  const search = (value: string) => {
    setQ(value);
    setPage(1);
  };

  return (
    <section aria-labelledby="role-permissions-heading" className="grid gap-4">
      <h2 id="role-permissions-heading" className="sr-only">
        Permissions
      </h2>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <SearchInput value={q} onChange={search} label="Search permissions" />
        {assignButton}
      </div>
      <QueryList
        query={query}
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
              description="Assign permissions of your API resources: whoever holds this role gets them in their access tokens for that API."
              action={assignButton}
            />
          )
        }
      >
        {(data) => (
          <>
            <Table label="Role permissions">
              <THead>
                <TR>
                  <TH>API resource</TH>
                  <TH>Permission</TH>
                  <TH className="hidden md:table-cell">Description</TH>
                  {editable ? (
                    <TH className="w-16 text-right">
                      <span className="sr-only">Actions</span>
                    </TH>
                  ) : null}
                </TR>
              </THead>
              <TBody>
                {data.items.map((scope) => (
                  <TR key={scope.id} data-testid="role-permission-row">
                    <TD>
                      <Link
                        href={`/api-resources/${scope.resource.id}`}
                        className="hover:underline"
                      >
                        {scope.resource.name}
                      </Link>
                    </TD>
                    <TD className="font-mono font-medium">{scope.name}</TD>
                    <TD className="hidden text-muted-foreground md:table-cell">
                      {scope.description || "—"}
                    </TD>
                    {editable ? (
                      <TD className="text-right">
                        <Button
                          variant="ghost"
                          size="icon"
                          onClick={() => setRemoving(scope)}
                          aria-label={`Remove ${scope.name}`}
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
              label="Role permissions pages"
            />
          </>
        )}
      </QueryList>
      <AssignPermissionsDialog role={role} open={assigning} onOpenChange={setAssigning} />
      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(o) => !o && setRemoving(null)}
        title={`Remove ${removing?.name ?? ""} from ${role.name}?`}
        description="Tokens issued from now on no longer carry it. Tokens already issued keep it until they expire."
        impact={
          role.type === "User"
            ? `${plural(role.usersCount, "user")} holding this role lose this permission, unless another role grants it.`
            : `${plural(role.applicationsCount, "application")} holding this role lose this permission, unless another role grants it.`
        }
        confirmLabel="Remove permission"
        pending={remove.isPending}
        onConfirm={() => removing && remove.mutate({ roleId: role.id, scopeId: removing.id })}
      />
    </section>
  );
}
