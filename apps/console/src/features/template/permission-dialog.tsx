"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { createOrganizationPermissionInput } from "@guildhall/validators";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input, Textarea } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import { applyServerErrors } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";
import type { RouterOutputs } from "@/trpc/types";
import { useTemplateInvalidation } from "./use-template-invalidation";

type Permission = RouterOutputs["organizationPermission"]["list"]["items"][number];

const schema = createOrganizationPermissionInput.pick({ name: true, description: true });

/** Create a permission, or edit one when `permission` is given. */
export function PermissionDialog({
  open,
  onOpenChange,
  permission,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  permission?: Permission;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invalidate = useTemplateInvalidation();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    resolver: zodResolver(schema),
    defaultValues: { name: permission?.name ?? "", description: permission?.description ?? "" },
  });
  const { errors } = form.formState;

  useEffect(() => {
    if (open) {
      form.reset({ name: permission?.name ?? "", description: permission?.description ?? "" });
      setFormError(null);
    }
  }, [open, permission, form]);

  const onError = (error: unknown) =>
    setFormError(
      applyServerErrors(error, form.setError, ["name", "description"], {
        "organization_permission.name_taken": "name",
      }),
    );

  const create = useMutation(
    trpc.organizationPermission.create.mutationOptions({
      onSuccess: async (created) => {
        toast.success(`Permission ${created.name} created`);
        onOpenChange(false);
        await queryClient.invalidateQueries(trpc.organizationPermission.list.pathFilter());
      },
      onError,
    }),
  );
  const update = useMutation(
    trpc.organizationPermission.update.mutationOptions({
      onSuccess: async (updated) => {
        toast.success(`Permission ${updated.name} saved`);
        onOpenChange(false);
        // Roles and members' effective permissions show the permission's name too.
        await invalidate.permissionChanged();
      },
      onError,
    }),
  );
  const pending = create.isPending || update.isPending;

  const onSubmit = form.handleSubmit((values) => {
    setFormError(null);
    const description = values.description?.trim() ? values.description : null;
    if (permission) update.mutate({ id: permission.id, name: values.name, description });
    else create.mutate({ name: values.name, description });
  });

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent
        title={permission ? `Edit permission` : "Create permission"}
        description="A permission names one action in an organization, like invite:member. Members get it through their roles."
      >
        <form
          onSubmit={onSubmit}
          noValidate
          className="grid gap-4"
          aria-label={permission ? "Edit permission" : "Create permission"}
        >
          <FormError message={formError} />
          <FormField
            label="Name"
            required
            hint="No spaces: permissions travel space-separated in tokens."
            error={errors.name?.message}
          >
            <Input
              className="font-mono"
              placeholder="invite:member"
              autoComplete="off"
              {...form.register("name")}
            />
          </FormField>
          <FormField label="Description" error={errors.description?.message}>
            <Textarea
              placeholder="Invite people to the organization"
              {...form.register("description")}
            />
          </FormField>
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="outline">Cancel</Button>
            </DialogClose>
            <Button type="submit" pending={pending} data-testid="permission-submit">
              {permission ? "Save" : "Create permission"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
