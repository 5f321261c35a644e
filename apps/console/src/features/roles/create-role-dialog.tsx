"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { createRoleInput, roleType } from "@guildhall/validators";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input, NativeSelect, Textarea } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import { applyServerErrors } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";
import { ROLE_TYPE_LABELS } from "../template/role-type";

const schema = createRoleInput.extend({ type: roleType });
const defaults = { name: "", description: "", type: "User" as const };

export function CreateRoleDialog({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ resolver: zodResolver(schema), defaultValues: defaults });
  const { errors } = form.formState;

  useEffect(() => {
    if (open) {
      form.reset(defaults);
      setFormError(null);
    }
  }, [open, form]);

  const create = useMutation(
    trpc.role.create.mutationOptions({
      onSuccess: async (role) => {
        toast.success(`Role ${role.name} created`);
        onOpenChange(false);
        await queryClient.invalidateQueries(trpc.role.list.pathFilter());
        router.push(`/roles/${role.id}`);
      },
      onError: (error) =>
        setFormError(
          applyServerErrors(error, form.setError, ["name", "description", "type"], {
            "role.name_taken": "name",
          }),
        ),
    }),
  );

  const onSubmit = form.handleSubmit((values) => {
    setFormError(null);
    create.mutate({
      ...values,
      description: values.description?.trim() ? values.description : null,
    });
  });

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent
        title="Create role"
        description="A global role grants permissions of your API resources, tenant-wide. Its type cannot be changed later."
      >
        <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-label="Create role">
          <FormError message={formError} />
          <FormField label="Name" required error={errors.name?.message}>
            <Input
              placeholder="Billing reader"
              autoComplete="off"
              {...form.register("name")}
              data-testid="global-role-name"
            />
          </FormField>
          <FormField label="Description" error={errors.description?.message}>
            <Textarea rows={2} {...form.register("description")} />
          </FormField>
          <FormField
            label="Type"
            required
            hint="User roles are assigned to users; machine-to-machine roles to machine-to-machine applications."
            error={errors.type?.message}
          >
            <NativeSelect {...form.register("type")} data-testid="global-role-type">
              <option value="User">{ROLE_TYPE_LABELS.User}</option>
              <option value="MachineToMachine">{ROLE_TYPE_LABELS.MachineToMachine}</option>
            </NativeSelect>
          </FormField>
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="outline">Cancel</Button>
            </DialogClose>
            <Button type="submit" pending={create.isPending} data-testid="global-role-submit">
              Create role
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
