"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { createOrganizationRoleInput, roleType } from "@guildhall/validators";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Controller, useForm, useWatch } from "react-hook-form";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input, NativeSelect, Textarea } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import { applyServerErrors } from "@/lib/errors";
import { list, plural } from "@/lib/format";
import { useTRPC, useTRPCClient } from "@/trpc/react";
import type { RouterOutputs } from "@/trpc/types";
import { PermissionPicker } from "./permission-picker";
import { ROLE_TYPE_LABELS } from "./role-type";
import { useTemplateInvalidation } from "./use-template-invalidation";

type Role = RouterOutputs["organizationRole"]["list"]["items"][number];

const schema = createOrganizationRoleInput.pick({ name: true, description: true }).extend({
  type: roleType,
  permissions: z.array(z.object({ id: z.string(), label: z.string() })).max(1000),
});
type FormValues = z.input<typeof schema>;

function defaults(role?: Role): FormValues {
  return {
    name: role?.name ?? "",
    description: role?.description ?? "",
    type: role?.type ?? "User",
    permissions: (role?.permissions ?? []).map((p) => ({ id: p.id, label: p.name })),
  };
}

/** Create a role with its permissions, or edit one (`role`). */
export function RoleDialog({
  open,
  onOpenChange,
  role,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  role?: Role;
}) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const invalidate = useTemplateInvalidation();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ resolver: zodResolver(schema), defaultValues: defaults(role) });
  const { errors } = form.formState;

  useEffect(() => {
    if (open) {
      form.reset(defaults(role));
      setFormError(null);
    }
  }, [open, role, form]);

  // Removing permissions from a role held by members: say who loses what before saving.
  const chosen = useWatch({ control: form.control, name: "permissions" });
  const removed = role ? role.permissions.filter((p) => !chosen.some((c) => c.id === p.id)) : [];
  const impact = useQuery({
    ...trpc.organizationRole.impact.queryOptions({ id: role?.id ?? "" }),
    enabled: open && role !== undefined && removed.length > 0,
  });

  const save = useMutation({
    mutationFn: async (values: z.output<typeof schema>) => {
      const description = values.description?.trim() ? values.description : null;
      const permissionIds = values.permissions.map((p) => p.id);
      if (!role) {
        return client.organizationRole.create.mutate({
          name: values.name,
          description,
          type: values.type,
          permissionIds,
        });
      }
      let saved =
        role.name !== values.name ||
        (role.description ?? "") !== (description ?? "") ||
        role.type !== values.type
          ? await client.organizationRole.update.mutate({
              id: role.id,
              name: values.name,
              description,
              type: values.type,
            })
          : null;
      const before = new Set(role.permissions.map((p) => p.id));
      const changed =
        permissionIds.length !== before.size || permissionIds.some((id) => !before.has(id));
      if (changed)
        saved = await client.organizationRole.permission.replace.mutate({
          roleId: role.id,
          permissionIds,
        });
      return saved;
    },
    onSuccess: async (saved) => {
      toast.success(
        role ? `Role ${saved?.name ?? role.name} saved` : `Role ${saved?.name ?? ""} created`,
      );
      onOpenChange(false);
      await (role
        ? invalidate.roleChanged()
        : queryClient.invalidateQueries(trpc.organizationRole.list.pathFilter()));
    },
    onError: (error) =>
      setFormError(
        applyServerErrors(error, form.setError, ["name", "description", "type", "permissions"], {
          "organization_role.name_taken": "name",
          "member.role_type_mismatch": "type",
        }),
      ),
  });

  const onSubmit = form.handleSubmit((values) => {
    setFormError(null);
    save.mutate(values);
  });

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent
        wide
        title={role ? `Edit role ${role.name}` : "Create role"}
        description="A role is a named set of permissions. Give it to members in any organization; its permissions follow it everywhere."
      >
        <form
          onSubmit={onSubmit}
          noValidate
          className="grid gap-4"
          aria-label={role ? "Edit role" : "Create role"}
        >
          <FormError message={formError} />
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField label="Name" required error={errors.name?.message}>
              <Input placeholder="admin" autoComplete="off" {...form.register("name")} />
            </FormField>
            <FormField
              label="Type"
              hint="User roles go to people; machine-to-machine roles to M2M applications."
              error={errors.type?.message}
            >
              <NativeSelect {...form.register("type")}>
                {roleType.options.map((t) => (
                  <option key={t} value={t}>
                    {ROLE_TYPE_LABELS[t]}
                  </option>
                ))}
              </NativeSelect>
            </FormField>
          </div>
          <FormField label="Description" error={errors.description?.message}>
            <Textarea
              placeholder="Manages the organization and its members"
              {...form.register("description")}
            />
          </FormField>
          <FormField label="Permissions" error={errors.permissions?.message}>
            <Controller
              control={form.control}
              name="permissions"
              render={({ field }) => (
                <PermissionPicker value={field.value} onChange={field.onChange} />
              )}
            />
          </FormField>
          {removed.length > 0 && impact.data ? (
            <p
              className="rounded-md border border-warning/40 bg-warning-muted px-3 py-2 text-sm"
              role="status"
              data-testid="role-permission-impact"
            >
              {impact.data.members > 0 ? (
                <>
                  <strong>{plural(impact.data.members, "member")}</strong> in{" "}
                  <strong>{plural(impact.data.organizations, "organization")}</strong>{" "}
                  {impact.data.members === 1 ? "holds" : "hold"} this role and will lose{" "}
                  <strong>{list(removed.map((p) => p.name))}</strong> as soon as you save.
                </>
              ) : (
                <>
                  No member holds this role yet, so removing {list(removed.map((p) => p.name))}{" "}
                  affects no one.
                </>
              )}
            </p>
          ) : null}
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="outline">Cancel</Button>
            </DialogClose>
            <Button type="submit" pending={save.isPending} data-testid="role-submit">
              {role ? "Save" : "Create role"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
