"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { createRoleInput } from "@guildhall/validators";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input, Textarea } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import { applyServerErrors, errorMessage } from "@/lib/errors";
import { plural } from "@/lib/format";
import { useTRPC } from "@/trpc/react";
import { ROLE_TYPE_LABELS } from "../template/role-type";
import type { Role } from "./role-detail";

const schema = createRoleInput.pick({ name: true, description: true });

export function RoleSettings({ role }: { role: Role }) {
  return (
    <div className="grid gap-6">
      <SettingsCard role={role} />
      {role.isManagementApi ? null : <DangerZone role={role} />}
    </div>
  );
}

function SettingsCard({ role }: { role: Role }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    resolver: zodResolver(schema),
    values: { name: role.name, description: role.description ?? "" },
  });
  const { errors, isDirty } = form.formState;
  const readOnly = role.isManagementApi;
  const update = useMutation(
    trpc.role.update.mutationOptions({
      onSuccess: async () => {
        toast.success("Settings saved");
        await queryClient.invalidateQueries(trpc.role.pathFilter());
      },
      onError: (error) =>
        setFormError(
          applyServerErrors(error, form.setError, ["name", "description"], {
            "role.name_taken": "name",
          }),
        ),
    }),
  );
  const onSubmit = form.handleSubmit((values) => {
    setFormError(null);
    update.mutate({
      id: role.id,
      name: values.name,
      description: values.description?.trim() ? values.description : null,
    });
  });
  return (
    <Card>
      <CardHeader
        title="Settings"
        description={`Type: ${ROLE_TYPE_LABELS[role.type]}. A role's type cannot be changed.`}
      />
      <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-label="Role settings">
        <FormError message={formError} />
        <FormField label="Name" required error={errors.name?.message}>
          <Input
            disabled={readOnly}
            {...form.register("name")}
            data-testid="global-role-settings-name"
          />
        </FormField>
        <FormField label="Description" error={errors.description?.message}>
          <Textarea rows={2} disabled={readOnly} {...form.register("description")} />
        </FormField>
        {readOnly ? null : (
          <div className="flex justify-end">
            <Button
              type="submit"
              disabled={!isDirty}
              pending={update.isPending}
              data-testid="global-role-save"
            >
              Save settings
            </Button>
          </div>
        )}
      </form>
    </Card>
  );
}

function DangerZone({ role }: { role: Role }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const remove = useMutation(
    trpc.role.delete.mutationOptions({
      onSuccess: async () => {
        toast.success(`Role ${role.name} deleted`);
        setOpen(false);
        await queryClient.invalidateQueries(trpc.role.list.pathFilter());
        router.push("/roles");
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const holders =
    role.type === "User"
      ? plural(role.usersCount, "user")
      : plural(role.applicationsCount, "application");
  return (
    <Card className="border-danger/40">
      <CardHeader
        title="Delete role"
        description="Its holders lose its permissions from their next token on. Tokens already issued stay valid until they expire."
        action={
          <Button variant="danger" onClick={() => setOpen(true)} data-testid="delete-global-role">
            Delete role
          </Button>
        }
      />
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title={`Delete ${role.name}?`}
        description="This cannot be undone."
        impact={`${holders} lose the ${plural(role.scopesCount, "permission")} of this role, unless another role grants them.`}
        confirmText={role.name}
        confirmLabel="Delete role"
        pending={remove.isPending}
        onConfirm={() => remove.mutate({ id: role.id })}
      />
    </Card>
  );
}
