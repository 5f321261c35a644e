"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { createOrganizationInput } from "@guildhall/validators";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input, Textarea } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import { applyServerErrors } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";

const schema = createOrganizationInput.pick({ name: true, description: true });

export function CreateOrganizationDialog({
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
  const form = useForm({
    resolver: zodResolver(schema),
    defaultValues: { name: "", description: "" },
  });
  const { errors } = form.formState;

  useEffect(() => {
    if (open) {
      form.reset({ name: "", description: "" });
      setFormError(null);
    }
  }, [open, form]);

  const create = useMutation(
    trpc.organization.create.mutationOptions({
      onSuccess: async (organization) => {
        toast.success(`Organization ${organization.name} created`);
        onOpenChange(false);
        await queryClient.invalidateQueries(trpc.organization.list.pathFilter());
        router.push(`/organizations/${organization.id}/members`);
      },
      onError: (error) =>
        setFormError(applyServerErrors(error, form.setError, ["name", "description"])),
    }),
  );

  const onSubmit = form.handleSubmit((values) => {
    setFormError(null);
    create.mutate({
      name: values.name,
      description: values.description?.trim() ? values.description : null,
    });
  });

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent
        title="Create organization"
        description="An organization is one of your customers: a company, team or workspace. It uses the roles of the organization template."
      >
        <form
          onSubmit={onSubmit}
          noValidate
          className="grid gap-4"
          aria-label="Create organization"
        >
          <FormError message={formError} />
          <FormField label="Name" required error={errors.name?.message}>
            <Input placeholder="Acme" autoComplete="organization" {...form.register("name")} />
          </FormField>
          <FormField label="Description" error={errors.description?.message}>
            <Textarea {...form.register("description")} />
          </FormField>
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="outline">Cancel</Button>
            </DialogClose>
            <Button type="submit" pending={create.isPending} data-testid="organization-submit">
              Create organization
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
