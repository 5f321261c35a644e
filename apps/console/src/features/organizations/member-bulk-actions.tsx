"use client";

import { useMutation } from "@tanstack/react-query";
import { Download, ShieldPlus, UserMinus } from "lucide-react";
import { useState } from "react";
import { AssignDialog } from "@/components/assign-dialog";
import { BulkActionBar, type RowSelection } from "@/components/bulk-selection";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormField } from "@/components/ui/form-field";
import { toast } from "@/components/ui/toaster";
import { csvFilename, downloadCsv, toCsv } from "@/lib/csv";
import { errorMessage } from "@/lib/errors";
import { plural } from "@/lib/format";
import { useTRPC } from "@/trpc/react";
import { memberLabel, type MemberSummary } from "./edit-member-roles-dialog";
import { RolePicker } from "./role-picker";
import { useMemberInvalidation } from "./use-member-invalidation";

type SelectedMember = MemberSummary & { joinedAt: Date };

/** The selected members as a CSV file: one line each, roles separated by semicolons. */
export function membersCsv(members: readonly SelectedMember[]): string {
  return toCsv(
    ["id", "email", "username", "name", "roles", "joined_at"],
    members.map((m) => [
      m.id,
      m.email,
      m.username,
      m.name,
      m.organizationRoles.map((r) => r.name).join(";"),
      m.joinedAt,
    ]),
  );
}

/** Assign roles to, export, or remove the members selected in an organization's list. */
export function MemberBulkActions<T extends SelectedMember>({
  organization,
  selection,
}: {
  organization: { id: string; name: string };
  selection: RowSelection<T>;
}) {
  const trpc = useTRPC();
  const invalidate = useMemberInvalidation(organization.id);
  const [assigning, setAssigning] = useState(false);
  const [removing, setRemoving] = useState(false);
  const assign = useMutation(trpc.organization.member.role.assignMany.mutationOptions());
  const remove = useMutation(trpc.organization.member.removeMany.mutationOptions());
  const { count, ids, rows } = selection;
  const who = plural(count, "member");
  const named = rows
    .slice(0, 3)
    .map((m) => memberLabel(m))
    .join(", ");
  return (
    <>
      <BulkActionBar count={count} noun={["member", "members"]} onClear={selection.clear}>
        <Button variant="outline" size="sm" onClick={() => setAssigning(true)}>
          <ShieldPlus aria-hidden />
          Assign roles
        </Button>
        <Button
          variant="outline"
          size="sm"
          onClick={() =>
            downloadCsv(
              csvFilename(`${organization.name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-members`),
              membersCsv(rows),
            )
          }
          data-testid="bulk-export"
        >
          <Download aria-hidden />
          Export CSV
        </Button>
        <Button variant="danger" size="sm" onClick={() => setRemoving(true)}>
          <UserMinus aria-hidden />
          Remove
        </Button>
      </BulkActionBar>
      <AssignDialog
        open={assigning}
        onOpenChange={setAssigning}
        title="Assign roles"
        description={`The ${who} selected get these roles in ${organization.name}, besides the roles they hold.`}
        submitTestId="bulk-assign-submit"
        emptyMessage="Pick at least one role."
        mutation={assign}
        variables={(organizationRoleIds) => ({
          organizationId: organization.id,
          userIds: ids,
          organizationRoleIds,
        })}
        assigned={(roles) => `${plural(roles, "role")} assigned to ${who}`}
        onAssigned={() => invalidate(ids, { membershipChanged: false })}
      >
        {(roles, setRoles) => (
          <FormField label="Roles" required>
            <RolePicker value={roles} onChange={setRoles} />
          </FormField>
        )}
      </AssignDialog>
      <ConfirmDialog
        open={removing}
        onOpenChange={setRemoving}
        title={`Remove ${who} from ${organization.name}?`}
        description="They lose their roles here and the permissions these give in organization tokens. Their accounts and other memberships stay."
        impact={`${named}${count > 3 ? ` and ${count - 3} more` : ""}.`}
        confirmLabel={`Remove ${who}`}
        pending={remove.isPending}
        onConfirm={() =>
          remove.mutate(
            { organizationId: organization.id, userIds: ids },
            {
              onSuccess: ({ removed }) => {
                toast.success(`${plural(removed, "member")} removed from ${organization.name}`);
                setRemoving(false);
                selection.clear();
                void invalidate(ids, { membershipChanged: true });
              },
              onError: (e) => toast.error(errorMessage(e)),
            },
          )
        }
      />
    </>
  );
}
