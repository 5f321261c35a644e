"use client";

import { useMutation } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import type { Option } from "@/components/ui/multi-select";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";
import { RolePicker } from "./role-picker";
import { useMemberInvalidation } from "./use-member-invalidation";

export interface MemberSummary {
  id: string;
  email: string;
  name: string | null;
  organizationRoles: { id: string; name: string }[];
}

export function memberLabel(member: { email: string; name: string | null }) {
  return member.name ?? member.email;
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
  const [roles, setRoles] = useState<Option[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (member) {
      setRoles(member.organizationRoles.map((r) => ({ id: r.id, label: r.name })));
      setError(null);
    }
  }, [member]);

  const save = useMutation(
    trpc.organization.member.role.replace.mutationOptions({
      onSuccess: async () => {
        toast.success(`Roles of ${member ? memberLabel(member) : "member"} saved`);
        onOpenChange(false);
        await invalidate(member ? [member.id] : [], { membershipChanged: false });
      },
      onError: (e) => setError(errorMessage(e)),
    }),
  );

  return (
    <Dialog open={member !== null} onOpenChange={onOpenChange}>
      <DialogContent
        title={`Roles of ${member ? memberLabel(member) : ""}`}
        description="The member holds every permission of these roles in this organization. Changes apply to their next token."
      >
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!member) return;
            setError(null);
            save.mutate({
              organizationId,
              userId: member.id,
              organizationRoleIds: roles.map((r) => r.id),
            });
          }}
          className="grid gap-4"
          aria-label="Edit member roles"
        >
          <FormError message={error} />
          <FormField label="Roles">
            <RolePicker value={roles} onChange={setRoles} />
          </FormField>
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="outline">Cancel</Button>
            </DialogClose>
            <Button type="submit" pending={save.isPending} data-testid="member-roles-submit">
              Save roles
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
