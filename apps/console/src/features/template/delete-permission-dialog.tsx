"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Skeleton } from "@/components/ui/states";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/errors";
import { list, plural } from "@/lib/format";
import { useTRPC } from "@/trpc/react";
import { useTemplateInvalidation } from "./use-template-invalidation";

/** Deleting a permission: says which roles lose it and how many members are affected. */
export function DeletePermissionDialog({
  permission,
  onOpenChange,
}: {
  permission: { id: string; name: string } | null;
  onOpenChange: (open: boolean) => void;
}) {
  const trpc = useTRPC();
  const invalidate = useTemplateInvalidation();
  const impact = useQuery({
    ...trpc.organizationPermission.impact.queryOptions({ id: permission?.id ?? "" }),
    enabled: permission !== null,
    staleTime: 0,
  });
  const remove = useMutation(
    trpc.organizationPermission.delete.mutationOptions({
      onSuccess: async () => {
        toast.success(`Permission ${permission?.name ?? ""} deleted`);
        onOpenChange(false);
        await invalidate.permissionChanged();
      },
      onError: (error) => toast.error(errorMessage(error)),
    }),
  );

  let body;
  if (impact.isPending) {
    body = <Skeleton className="h-10 w-full" />;
  } else if (impact.isError) {
    body = <p>Could not work out what this affects: {errorMessage(impact.error)}</p>;
  } else if (impact.data.roles.length === 0) {
    body = <p>No role holds this permission, so no member loses anything.</p>;
  } else {
    const { roles, members, organizations } = impact.data;
    body = (
      <p>
        {roles.length === 1 ? "Role" : "Roles"} <strong>{list(roles.map((r) => r.name))}</strong>{" "}
        will lose it.{" "}
        {members > 0 ? (
          <>
            <strong>{plural(members, "member")}</strong> in{" "}
            <strong>{plural(organizations, "organization")}</strong>{" "}
            {members === 1 ? "loses" : "lose"} it immediately.
          </>
        ) : (
          "No member holds those roles today."
        )}
      </p>
    );
  }

  return (
    <ConfirmDialog
      open={permission !== null}
      onOpenChange={onOpenChange}
      title={`Delete permission ${permission?.name ?? ""}?`}
      description="The permission leaves the template and every role that has it. New organization tokens no longer include it."
      impact={body}
      confirmLabel="Delete permission"
      pending={remove.isPending}
      onConfirm={() => permission && remove.mutate({ id: permission.id })}
    />
  );
}
