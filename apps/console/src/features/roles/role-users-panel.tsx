"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus, Users } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { AssignDialog } from "@/components/assign-dialog";
import { RelationPanel } from "@/components/relation-panel";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { plural } from "@/lib/format";
import { userIdentifier, userLabel } from "@/lib/user-label";
import { useListState } from "@/lib/use-list-params";
import { useTRPC } from "@/trpc/react";
import { UserPicker } from "../users/user-picker";
import type { Role } from "./role-detail";

const PAGE_SIZE = 20;

/** The users holding a User role. */
export function RoleUsersPanel({ role }: { role: Role }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { q, page, setQ, setPage } = useListState();
  const [assigning, setAssigning] = useState(false);
  const query = useQuery({
    ...trpc.role.user.list.queryOptions({
      roleId: role.id,
      q: q || undefined,
      page,
      pageSize: PAGE_SIZE,
    }),
    placeholderData: keepPreviousData,
  });
  const remove = useMutation(trpc.role.user.remove.mutationOptions());
  const assign = useMutation(trpc.role.user.assign.mutationOptions());
  const invalidateRole = () => queryClient.invalidateQueries(trpc.role.pathFilter());
  const assignButton = (
    <Button onClick={() => setAssigning(true)} data-testid="assign-role-users">
      <Plus aria-hidden />
      Assign users
    </Button>
  );

  return (
    <RelationPanel
      frame={{ kind: "section", id: "role-users", heading: "Users" }}
      action={assignButton}
      search={{
        value: q,
        onChange: setQ,
        label: "Search users",
        placeholder: "Search by email, username or name",
      }}
      pagination={{ page, pageSize: PAGE_SIZE, onPageChange: setPage, label: "Role users pages" }}
      query={query}
      empty={{
        searching: {
          title: `No users match “${q}”`,
          description: "Try another search, or clear it to see everyone holding this role.",
        },
        none: {
          icon: <Users />,
          title: "No users hold this role",
          description: "Assign users: they get its permissions in their next access token.",
          action: assignButton,
        },
      }}
      table={{ label: "Role users", rowTestId: "role-user-row" }}
      columns={[
        {
          header: "User",
          cell: (user) => (
            <Link href={`/users/${user.id}`} className="font-medium hover:underline">
              {userIdentifier(user)}
            </Link>
          ),
        },
        {
          header: "Name",
          headClassName: "hidden md:table-cell",
          className: "hidden text-muted-foreground md:table-cell",
          cell: (user) => user.name ?? "—",
        },
      ]}
      remove={{
        mutation: remove,
        variables: (user) => ({ roleId: role.id, userId: user.id }),
        label: (user) => `Remove ${userLabel(user)}`,
        confirm: (user) => ({
          title: `Remove ${role.name} from ${userLabel(user)}?`,
          description:
            "The user stays; tokens issued from now on no longer carry this role's permissions.",
          impact: `${userLabel(user)} loses the ${plural(role.scopesCount, "permission")} of ${role.name}, unless another role grants them.`,
          confirmLabel: "Remove role",
        }),
        removed: (user) => `${userLabel(user)} no longer holds ${role.name}`,
        onRemoved: invalidateRole,
      }}
    >
      <AssignDialog
        open={assigning}
        onOpenChange={setAssigning}
        title="Assign users"
        description={`They get the permissions of ${role.name} in their next access token, in every app.`}
        submitTestId="assign-users-submit"
        emptyMessage="Pick at least one user."
        mutation={assign}
        variables={(userIds) => ({ roleId: role.id, userIds })}
        assigned={(count) => `${plural(count, "user")} now hold ${role.name}`}
        onAssigned={invalidateRole}
      >
        {(users, setUsers) => (
          <FormField label="Users" required>
            <UserPicker value={users} onChange={setUsers} />
          </FormField>
        )}
      </AssignDialog>
    </RelationPanel>
  );
}
