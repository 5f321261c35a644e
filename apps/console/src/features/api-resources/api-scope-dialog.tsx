"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { createApiScopeInput } from "@guildhall/validators";
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

export type ApiScope = RouterOutputs["apiResource"]["scope"]["list"]["items"][number];

const schema = createApiScopeInput.pick({ name: true, description: true });

/** Create a permission of an API resource, or edit one when `scope` is given. */
export function ApiScopeDialog({
  resourceId,
  open,
  onOpenChange,
  scope,
}: {
  resourceId: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  scope?: ApiScope;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    resolver: zodResolver(schema),
    defaultValues: { name: scope?.name ?? "", description: scope?.description ?? "" },
  });
  const { errors } = form.formState;

  useEffect(() => {
    if (open) {
      form.reset({ name: scope?.name ?? "", description: scope?.description ?? "" });
      setFormError(null);
    }
  }, [open, scope, form]);

  const onSuccess = async (saved: ApiScope) => {
    toast.success(`Permission ${saved.name} ${scope ? "saved" : "created"}`);
    onOpenChange(false);
    await queryClient.invalidateQueries(trpc.apiResource.scope.list.pathFilter());
  };
  const onError = (error: unknown) =>
    setFormError(
      applyServerErrors(error, form.setError, ["name", "description"], {
        "api_scope.name_taken": "name",
      }),
    );
  const create = useMutation(trpc.apiResource.scope.create.mutationOptions({ onSuccess, onError }));
  const update = useMutation(trpc.apiResource.scope.update.mutationOptions({ onSuccess, onError }));

  const onSubmit = form.handleSubmit((values) => {
    setFormError(null);
    const description = values.description?.trim() ? values.description : null;
    if (scope) update.mutate({ resourceId, id: scope.id, name: values.name, description });
    else create.mutate({ resourceId, name: values.name, description });
  });

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent
        title={scope ? "Edit permission" : "Add permission"}
        description="A permission names one action your API allows, like read:invoice. Users and applications get it through global roles."
      >
        <form
          onSubmit={onSubmit}
          noValidate
          className="grid gap-4"
          aria-label={scope ? "Edit permission" : "Add permission"}
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
              placeholder="read:invoice"
              autoComplete="off"
              {...form.register("name")}
              data-testid="api-scope-name"
            />
          </FormField>
          <FormField label="Description" error={errors.description?.message}>
            <Textarea placeholder="Read invoices" {...form.register("description")} />
          </FormField>
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="outline">Cancel</Button>
            </DialogClose>
            <Button
              type="submit"
              pending={create.isPending || update.isPending}
              data-testid="api-scope-submit"
            >
              {scope ? "Save" : "Add permission"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
