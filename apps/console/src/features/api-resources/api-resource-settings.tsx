"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { createApiResourceInput } from "@guildhall/validators";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import { applyServerErrors, errorMessage } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";
import { CopyField } from "../applications/copy-button";
import type { ApiResource } from "./api-resource-detail";

const schema = createApiResourceInput.pick({ name: true, accessTokenTtl: true });

export function ApiResourceSettings({ resource }: { resource: ApiResource }) {
  return (
    <div className="grid gap-6">
      <SettingsCard resource={resource} />
      {resource.isManagementApi ? null : <DangerZone resource={resource} />}
    </div>
  );
}

function SettingsCard({ resource }: { resource: ApiResource }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    resolver: zodResolver(schema),
    values: { name: resource.name, accessTokenTtl: resource.accessTokenTtl },
  });
  const { errors, isDirty } = form.formState;
  const readOnly = resource.isManagementApi;
  const update = useMutation(
    trpc.apiResource.update.mutationOptions({
      onSuccess: async () => {
        toast.success("Settings saved");
        await queryClient.invalidateQueries(trpc.apiResource.pathFilter());
      },
      onError: (error) =>
        setFormError(applyServerErrors(error, form.setError, ["name", "accessTokenTtl"])),
    }),
  );
  const onSubmit = form.handleSubmit((values) => {
    setFormError(null);
    update.mutate({ id: resource.id, ...values });
  });
  return (
    <Card>
      <CardHeader title="Settings" />
      <form
        onSubmit={onSubmit}
        noValidate
        className="grid gap-4"
        aria-label="API resource settings"
      >
        <FormError message={formError} />
        <div className="grid gap-1.5">
          <p className="text-sm font-medium">Identifier</p>
          <CopyField value={resource.indicator} label="Identifier" />
          <p className="text-xs text-muted-foreground">
            Request tokens with <code>resource={resource.indicator}</code>; it is their{" "}
            <code>aud</code>. It cannot be changed.
          </p>
        </div>
        <FormField label="Name" required error={errors.name?.message}>
          <Input disabled={readOnly} {...form.register("name")} />
        </FormField>
        <FormField
          label="Access token lifetime (seconds)"
          hint="Applies to tokens issued from now on."
          error={errors.accessTokenTtl?.message}
        >
          <Input
            type="number"
            min={60}
            disabled={readOnly}
            {...form.register("accessTokenTtl", { valueAsNumber: true })}
          />
        </FormField>
        {readOnly ? null : (
          <div className="flex justify-end">
            <Button
              type="submit"
              disabled={!isDirty}
              pending={update.isPending}
              data-testid="api-resource-save"
            >
              Save settings
            </Button>
          </div>
        )}
      </form>
    </Card>
  );
}

function DangerZone({ resource }: { resource: ApiResource }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const remove = useMutation(
    trpc.apiResource.delete.mutationOptions({
      onSuccess: async () => {
        toast.success(`API resource ${resource.name} deleted`);
        setOpen(false);
        await queryClient.invalidateQueries(trpc.apiResource.list.pathFilter());
        router.push("/api-resources");
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  return (
    <Card className="border-danger/40">
      <CardHeader
        title="Delete API resource"
        description="Applications can no longer get new tokens for it. Tokens already issued stay valid until they expire."
        action={
          <Button variant="danger" onClick={() => setOpen(true)} data-testid="delete-api-resource">
            Delete API resource
          </Button>
        }
      />
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title={`Delete ${resource.name}?`}
        description="This cannot be undone."
        impact="The API resource and all its permissions are deleted; every global role holding them loses them."
        confirmText={resource.name}
        confirmLabel="Delete API resource"
        pending={remove.isPending}
        onConfirm={() => remove.mutate({ id: resource.id })}
      />
    </Card>
  );
}
