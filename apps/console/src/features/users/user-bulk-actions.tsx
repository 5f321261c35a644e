"use client";

import type { User } from "@guildhall/validators";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Download, ShieldPlus, Trash2 } from "lucide-react";
import { useState } from "react";
import { AssignDialog } from "@/components/assign-dialog";
import { BulkActionBar, type RowSelection } from "@/components/bulk-selection";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormField } from "@/components/ui/form-field";
import { toast } from "@/components/ui/toaster";
import { GlobalRolePicker } from "@/features/roles/global-role-picker";
import { csvFilename, downloadCsv, toCsv } from "@/lib/csv";
import { errorMessage } from "@/lib/errors";
import { plural } from "@/lib/format";
import { userLabel } from "@/lib/user-label";
import { useTRPC } from "@/trpc/react";

type SelectedUser = Pick<
  User,
  | "id"
  | "email"
  | "username"
  | "name"
  | "emailVerified"
  | "mfaFactors"
  | "isSuspended"
  | "lastSignInAt"
  | "createdAt"
>;

/** The selected users as a CSV file, one line each. */
export function usersCsv(users: readonly SelectedUser[]): string {
  return toCsv(
    [
      "id",
      "email",
      "username",
      "name",
      "status",
      "email_verified",
      "mfa",
      "last_sign_in_at",
      "created_at",
    ],
    users.map((u) => [
      u.id,
      u.email,
      u.username,
      u.name,
      u.isSuspended ? "suspended" : "active",
      u.emailVerified,
      u.mfaFactors.join(";"),
      u.lastSignInAt,
      u.createdAt,
    ]),
  );
}

/** Assign global roles to, export, or delete the users selected in the users list. */
export function UserBulkActions<T extends SelectedUser>({
  selection,
}: {
  selection: RowSelection<T>;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [assigning, setAssigning] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const assign = useMutation(trpc.role.user.assignMany.mutationOptions());
  const remove = useMutation(trpc.user.deleteMany.mutationOptions());
  const { count, ids, rows } = selection;
  const who = plural(count, "user");
  const named = rows
    .slice(0, 3)
    .map((u) => userLabel(u))
    .join(", ");
  return (
    <>
      <BulkActionBar count={count} noun={["user", "users"]} onClear={selection.clear}>
        <Button variant="outline" size="sm" onClick={() => setAssigning(true)}>
          <ShieldPlus aria-hidden />
          Assign roles
        </Button>
        <Button
          variant="outline"
          size="sm"
          onClick={() => downloadCsv(csvFilename("users"), usersCsv(rows))}
          data-testid="bulk-export"
        >
          <Download aria-hidden />
          Export CSV
        </Button>
        <Button variant="danger" size="sm" onClick={() => setDeleting(true)}>
          <Trash2 aria-hidden />
          Delete
        </Button>
      </BulkActionBar>
      <AssignDialog
        open={assigning}
        onOpenChange={setAssigning}
        title="Assign roles"
        description={`The ${who} selected get these global roles, besides the roles they hold, in their next access tokens.`}
        submitTestId="bulk-assign-submit"
        emptyMessage="Pick at least one role."
        mutation={assign}
        variables={(roleIds) => ({ userIds: ids, roleIds })}
        assigned={(roles) => `${plural(roles, "role")} assigned to ${who}`}
        onAssigned={() => queryClient.invalidateQueries(trpc.role.pathFilter())}
      >
        {(roles, setRoles) => (
          <FormField label="Roles" required>
            <GlobalRolePicker value={roles} onChange={setRoles} />
          </FormField>
        )}
      </AssignDialog>
      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title={`Delete ${who}?`}
        description="Their memberships, roles and console access go with them, and they are signed out of every application. This cannot be undone."
        impact={`${named}${count > 3 ? ` and ${count - 3} more` : ""}.`}
        confirmLabel={`Delete ${who}`}
        pending={remove.isPending}
        onConfirm={() =>
          remove.mutate(
            { ids },
            {
              onSuccess: ({ deleted }) => {
                toast.success(`${plural(deleted, "user")} deleted`);
                setDeleting(false);
                selection.clear();
                void queryClient.invalidateQueries(trpc.user.pathFilter());
              },
              onError: (e) => toast.error(errorMessage(e)),
            },
          )
        }
      />
    </>
  );
}
