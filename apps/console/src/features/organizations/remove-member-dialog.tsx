"use client";

import { useMutation } from "@tanstack/react-query";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/errors";
import { list } from "@/lib/format";
import { useTRPC } from "@/trpc/react";
import { memberLabel, type MemberSummary } from "./edit-member-roles-dialog";
import { useMemberInvalidation } from "./use-member-invalidation";

export function RemoveMemberDialog({
  organization,
  member,
  onOpenChange,
}: {
  organization: { id: string; name: string };
  member: MemberSummary | null;
  onOpenChange: (open: boolean) => void;
}) {
  const trpc = useTRPC();
  const invalidate = useMemberInvalidation(organization.id);
  const remove = useMutation(
    trpc.organization.member.remove.mutationOptions({
      onSuccess: async () => {
        toast.success(
          `${member ? memberLabel(member) : "Member"} removed from ${organization.name}`,
        );
        onOpenChange(false);
        await invalidate(member ? [member.id] : [], { membershipChanged: true });
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const roles = member?.organizationRoles.map((r) => r.name) ?? [];
  return (
    <ConfirmDialog
      open={member !== null}
      onOpenChange={onOpenChange}
      title={`Remove ${member ? memberLabel(member) : ""} from ${organization.name}?`}
      description="The user keeps their account and their other organizations."
      impact={
        <p>
          They lose their membership
          {roles.length ? (
            <>
              {" "}
              and the roles <strong>{list(roles)}</strong>
            </>
          ) : null}{" "}
          in <strong>{organization.name}</strong>, and can no longer get tokens for it.
        </p>
      }
      confirmLabel="Remove member"
      pending={remove.isPending}
      onConfirm={() =>
        member && remove.mutate({ organizationId: organization.id, userId: member.id })
      }
    />
  );
}
