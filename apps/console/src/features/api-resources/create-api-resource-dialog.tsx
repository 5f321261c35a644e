"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { createApiResourceInput } from "@guildhall/validators";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import { applyServerErrors } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";

const schema = createApiResourceInput;
const defaults = { name: "", indicator: "", accessTokenTtl: 3600 };

export function CreateApiResourceDialog({
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
    trpc.apiResource.create.mutationOptions({
      onSuccess: async (resource) => {
        toast.success(`API resource ${resource.name} created`);
        onOpenChange(false);
        await queryClient.invalidateQueries(trpc.apiResource.list.pathFilter());
        router.push(`/api-resources/${resource.id}`);
      },
      onError: (error) =>
        setFormError(
          applyServerErrors(error, form.setError, ["name", "indicator", "accessTokenTtl"], {
            "api_resource.indicator_taken": "indicator",
          }),
        ),
    }),
  );

  const onSubmit = form.handleSubmit((values) => {
    setFormError(null);
    create.mutate(values);
  });

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent
        title="Create API resource"
        description="An API resource is one of your APIs. Its identifier is the audience of the access tokens issued for it."
      >
        <form
          onSubmit={onSubmit}
          noValidate
          className="grid gap-4"
          aria-label="Create API resource"
        >
          <FormError message={formError} />
          <FormField label="Name" required error={errors.name?.message}>
            <Input
              placeholder="Billing API"
              autoComplete="off"
              {...form.register("name")}
              data-testid="api-resource-name"
            />
          </FormField>
          <FormField
            label="Identifier"
            required
            hint="An absolute URI, usually your API's base URL. It cannot be changed later."
            error={errors.indicator?.message}
          >
            <Input
              className="font-mono"
              placeholder="https://api.example.com"
              autoComplete="off"
              {...form.register("indicator")}
              data-testid="api-resource-indicator"
            />
          </FormField>
          <FormField
            label="Access token lifetime (seconds)"
            hint="Default 3600 (1 hour)."
            error={errors.accessTokenTtl?.message}
          >
            <Input
              type="number"
              min={60}
              {...form.register("accessTokenTtl", { valueAsNumber: true })}
            />
          </FormField>
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="outline">Cancel</Button>
            </DialogClose>
            <Button type="submit" pending={create.isPending} data-testid="api-resource-submit">
              Create API resource
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
