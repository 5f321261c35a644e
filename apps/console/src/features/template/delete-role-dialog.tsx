"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Skeleton } from "@/components/ui/states";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/errors";
import { plural } from "@/lib/format";
import { useTRPC } from "@/trpc/react";
import { useTemplateInvalidation } from "./use-template-invalidation";

/** Deleting a role: says how many members in how many organizations hold it. */
export function DeleteRoleDialog({
  role,
  onOpenChange,
}: {
  role: { id: string; name: string } | null;
  onOpenChange: (open: boolean) => void;
}) {
  const trpc = useTRPC();
  const invalidate = useTemplateInvalidation();
  const impact = useQuery({
    ...trpc.organizationRole.impact.queryOptions({ id: role?.id ?? "" }),
    enabled: role !== null,
    staleTime: 0,
  });
  const remove = useMutation(
    trpc.organizationRole.delete.mutationOptions({
      onSuccess: async () => {
        toast.success(`Role ${role?.name ?? ""} deleted`);
        onOpenChange(false);
        await invalidate.roleChanged();
      },
      onError: (error) => toast.error(errorMessage(error)),
    }),
  );

  const body = impact.isPending ? (
    <Skeleton className="h-10 w-full" />
  ) : impact.isError ? (
    <p>Could not work out what this affects: {errorMessage(impact.error)}</p>
  ) : impact.data.members === 0 ? (
    <p>No member holds this role, so no one loses anything.</p>
  ) : (
    <p>
      <strong>{plural(impact.data.members, "member")}</strong> in{" "}
      <strong>{plural(impact.data.organizations, "organization")}</strong>{" "}
      {impact.data.members === 1 ? "holds" : "hold"} this role.{" "}
      {impact.data.members === 1 ? "They lose" : "They all lose"} it, and the permissions it grants,
      immediately.
    </p>
  );

  return (
    <ConfirmDialog
      open={role !== null}
      onOpenChange={onOpenChange}
      title={`Delete role ${role?.name ?? ""}?`}
      description="The role leaves the template and every member who has it, in every organization."
      impact={body}
      confirmLabel="Delete role"
      pending={remove.isPending}
      onConfirm={() => role && remove.mutate({ id: role.id })}
    />
  );
}
