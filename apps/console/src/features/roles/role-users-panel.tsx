"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus, Trash2, Users } from "lucide-react";
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
import { AssignUsersDialog } from "./assign-users-dialog";
import type { Role } from "./role-detail";

type RoleUser = RouterOutputs["role"]["user"]["list"]["items"][number];

const PAGE_SIZE = 20;

/** The users holding a User role. */
export function RoleUsersPanel({ role }: { role: Role }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [q, setQ] = useState("");
  const [page, setPage] = useState(1);
  const [assigning, setAssigning] = useState(false);
  const [removing, setRemoving] = useState<RoleUser | null>(null);
  const query = useQuery({
    ...trpc.role.user.list.queryOptions({
      roleId: role.id,
      q: q || undefined,
      page,
      pageSize: PAGE_SIZE,
    }),
    placeholderData: keepPreviousData,
  });
  const remove = useMutation(
    trpc.role.user.remove.mutationOptions({
      onSuccess: async () => {
        toast.success(`${removing?.email ?? "User"} no longer holds ${role.name}`);
        setRemoving(null);
        await queryClient.invalidateQueries(trpc.role.pathFilter());
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const assignButton = (
    <Button onClick={() => setAssigning(true)} data-testid="assign-role-users">
      <Plus aria-hidden />
      Assign users
    </Button>
  );
  const search = (value: string) => {
    setQ(value);
    setPage(1);
  };

  return (
    <section aria-labelledby="role-users-heading" className="grid gap-4">
      <h2 id="role-users-heading" className="sr-only">
        Users
      </h2>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <SearchInput
          value={q}
          onChange={search}
          label="Search users"
          placeholder="Search by email or name"
        />
        {assignButton}
      </div>
      <QueryList
        query={query}
        empty={
          q ? (
            <EmptyState
              title={`No users match “${q}”`}
              description="Try another search, or clear it to see everyone holding this role."
            />
          ) : (
            <EmptyState
              icon={<Users />}
              title="No users hold this role"
              description="Assign users: they get its permissions in their next access token."
              action={assignButton}
            />
          )
        }
      >
        {(data) => (
          <>
            <Table label="Role users">
              <THead>
                <TR>
                  <TH>User</TH>
                  <TH className="hidden md:table-cell">Name</TH>
                  <TH className="w-16 text-right">
                    <span className="sr-only">Actions</span>
                  </TH>
                </TR>
              </THead>
              <TBody>
                {data.items.map((user) => (
                  <TR key={user.id} data-testid="role-user-row">
                    <TD>
                      <Link href={`/users/${user.id}`} className="font-medium hover:underline">
                        {user.email}
                      </Link>
                    </TD>
                    <TD className="hidden text-muted-foreground md:table-cell">
                      {user.name ?? "—"}
                    </TD>
                    <TD className="text-right">
                      <Button
                        variant="ghost"
                        size="icon"
                        onClick={() => setRemoving(user)}
                        aria-label={`Remove ${user.email}`}
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
              label="Role users pages"
            />
          </>
        )}
      </QueryList>
      <AssignUsersDialog role={role} open={assigning} onOpenChange={setAssigning} />
      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(o) => !o && setRemoving(null)}
        title={`Remove ${role.name} from ${removing?.email ?? ""}?`}
        description="The user stays; tokens issued from now on no longer carry this role's permissions."
        impact={`${removing?.email ?? "The user"} loses the ${plural(role.scopesCount, "permission")} of ${role.name}, unless another role grants them.`}
        confirmLabel="Remove role"
        pending={remove.isPending}
        onConfirm={() => removing && remove.mutate({ roleId: role.id, userId: removing.id })}
      />
    </section>
  );
}
