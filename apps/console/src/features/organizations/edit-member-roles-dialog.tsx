"use client";

import { useMutation } from "@tanstack/react-query";
import { AssignDialog } from "@/components/assign-dialog";
import { FormField } from "@/components/ui/form-field";
import { userLabel } from "@/lib/user-label";
import { useTRPC } from "@/trpc/react";
import { RolePicker } from "./role-picker";
import { useMemberInvalidation } from "./use-member-invalidation";

export interface MemberSummary {
  id: string;
  email: string | null;
  username: string | null;
  name: string | null;
  organizationRoles: { id: string; name: string }[];
}

export function memberLabel(member: {
  email: string | null;
  username: string | null;
  name: string | null;
}) {
  return userLabel(member);
}

/** Replace a member's roles in one organization. */
export function EditMemberRolesDialog({
  organizationId,
  member,
  onOpenChange,
}: {
  organizationId: string;
  member: MemberSummary | null;
  onOpenChange: (open: boolean) => void;
}) {
  const trpc = useTRPC();
  const invalidate = useMemberInvalidation(organizationId);
  const save = useMutation(trpc.organization.member.role.replace.mutationOptions());
  return (
    <AssignDialog
      open={member !== null}
      onOpenChange={onOpenChange}
      title={`Roles of ${member ? memberLabel(member) : ""}`}
      description="The member holds every permission of these roles in this organization. Changes apply to their next token."
      formLabel="Edit member roles"
      submitLabel="Save roles"
      submitTestId="member-roles-submit"
      initial={member?.organizationRoles.map((r) => ({ id: r.id, label: r.name }))}
      mutation={save}
      variables={(organizationRoleIds) =>
        member && { organizationId, userId: member.id, organizationRoleIds }
      }
      assigned={() => `Roles of ${member ? memberLabel(member) : "member"} saved`}
      onAssigned={() => invalidate(member ? [member.id] : [], { membershipChanged: false })}
    >
      {(roles, setRoles) => (
        <FormField label="Roles">
          <RolePicker value={roles} onChange={setRoles} />
        </FormField>
      )}
    </AssignDialog>
  );
}
