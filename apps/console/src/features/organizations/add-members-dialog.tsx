"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { createUserInput, email } from "@guildhall/validators";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { toast } from "@/components/ui/toaster";
import { applyServerErrors } from "@/lib/errors";
import { plural } from "@/lib/format";
import { useTRPC, useTRPCClient } from "@/trpc/react";
import { UserPicker } from "../users/user-picker";
import { RolePicker } from "./role-picker";
import { useMemberInvalidation } from "./use-member-invalidation";

const option = z.object({ id: z.string(), label: z.string() });
const existingSchema = z.object({
  users: z.array(option).min(1, "Pick at least one user").max(1000),
  roles: z.array(option).max(100),
});
// This form creates a user to add at once: an email is asked for, so they can be reached.
const newUserSchema = createUserInput.pick({ name: true, password: true }).extend({
  email,
  roles: z.array(option).max(100),
});

const EMPTY_NEW_USER: z.input<typeof newUserSchema> = {
  email: "",
  name: "",
  password: "",
  roles: [],
};

/** Add existing users, or create a user on the spot, as members with roles. */
export function AddMembersDialog({
  organization,
  open,
  onOpenChange,
}: {
  organization: { id: string; name: string };
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const [tab, setTab] = useState("existing");
  useEffect(() => {
    if (open) setTab("existing");
  }, [open]);
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent
        wide
        title={`Add members to ${organization.name}`}
        description="Members get the permissions of the roles you give them here."
      >
        <Tabs value={tab} onValueChange={setTab}>
          <TabsList aria-label="How to add">
            <TabsTrigger value="existing">Existing users</TabsTrigger>
            <TabsTrigger value="new">Create a user</TabsTrigger>
          </TabsList>
          <TabsContent value="existing">
            <ExistingUsersForm
              organization={organization}
              open={open}
              onDone={() => onOpenChange(false)}
            />
          </TabsContent>
          <TabsContent value="new">
            <NewUserForm
              organization={organization}
              open={open}
              onDone={() => onOpenChange(false)}
            />
          </TabsContent>
        </Tabs>
      </DialogContent>
    </Dialog>
  );
}

function useAddMembers(organizationId: string) {
  const client = useTRPCClient();
  const invalidate = useMemberInvalidation(organizationId);
  return async (userIds: string[], roleIds: string[]) => {
    await client.organization.member.add.mutate({ organizationId, userIds });
    if (roleIds.length > 0) {
      await client.organization.member.role.assignMany.mutate({
        organizationId,
        userIds,
        organizationRoleIds: roleIds,
      });
    }
    await invalidate(userIds, { membershipChanged: true });
  };
}

function ExistingUsersForm({
  organization,
  open,
  onDone,
}: {
  organization: { id: string; name: string };
  open: boolean;
  onDone: () => void;
}) {
  const add = useAddMembers(organization.id);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    resolver: zodResolver(existingSchema),
    defaultValues: { users: [], roles: [] },
  });
  const { errors } = form.formState;
  useEffect(() => {
    if (open) {
      form.reset({ users: [], roles: [] });
      setFormError(null);
    }
  }, [open, form]);

  const mutation = useMutation({
    mutationFn: (v: z.output<typeof existingSchema>) =>
      add(
        v.users.map((u) => u.id),
        v.roles.map((r) => r.id),
      ),
    onSuccess: (_, v) => {
      toast.success(`${plural(v.users.length, "member")} added to ${organization.name}`);
      onDone();
    },
    onError: (error) => setFormError(applyServerErrors(error, form.setError, ["users", "roles"])),
  });

  return (
    <form
      onSubmit={form.handleSubmit((v) => {
        setFormError(null);
        mutation.mutate(v);
      })}
      noValidate
      className="grid gap-4"
      aria-label="Add existing users"
    >
      <FormError message={formError} />
      <FormField label="Users" required error={errors.users?.message}>
        <Controller
          control={form.control}
          name="users"
          render={({ field }) => <UserPicker value={field.value} onChange={field.onChange} />}
        />
      </FormField>
      <FormField
        label="Roles"
        hint="Optional. You can change roles later."
        error={errors.roles?.message}
      >
        <Controller
          control={form.control}
          name="roles"
          render={({ field }) => <RolePicker value={field.value} onChange={field.onChange} />}
        />
      </FormField>
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="outline">Cancel</Button>
        </DialogClose>
        <Button type="submit" pending={mutation.isPending} data-testid="add-members-submit">
          Add members
        </Button>
      </DialogFooter>
    </form>
  );
}

function NewUserForm({
  organization,
  open,
  onDone,
}: {
  organization: { id: string; name: string };
  open: boolean;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const add = useAddMembers(organization.id);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ resolver: zodResolver(newUserSchema), defaultValues: EMPTY_NEW_USER });
  const { errors } = form.formState;
  useEffect(() => {
    if (open) {
      form.reset(EMPTY_NEW_USER);
      setFormError(null);
    }
  }, [open, form]);

  const mutation = useMutation({
    mutationFn: async (v: z.output<typeof newUserSchema>) => {
      const user = await client.user.create.mutate({
        email: v.email,
        name: v.name?.trim() ? v.name : null,
        password: v.password ? v.password : undefined,
      });
      await queryClient.invalidateQueries(trpc.user.list.pathFilter());
      await add(
        [user.id],
        v.roles.map((r) => r.id),
      );
      return user;
    },
    onSuccess: (user) => {
      toast.success(`${user.email} created and added to ${organization.name}`);
      onDone();
    },
    onError: (error) =>
      setFormError(
        applyServerErrors(error, form.setError, ["email", "name", "password", "roles"], {
          "user.email_taken": "email",
        }),
      ),
  });

  return (
    <form
      onSubmit={form.handleSubmit((v) => {
        setFormError(null);
        mutation.mutate(v);
      })}
      noValidate
      className="grid gap-4"
      aria-label="Create a user and add them"
    >
      <FormError message={formError} />
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Email" required error={errors.email?.message}>
          <Input type="email" autoComplete="off" {...form.register("email")} />
        </FormField>
        <FormField label="Name" error={errors.name?.message}>
          <Input autoComplete="off" {...form.register("name")} />
        </FormField>
      </div>
      <FormField
        label="Password"
        hint="Optional: without one, the user signs in another way (e.g. an invitation link)."
        error={errors.password?.message}
      >
        <Input
          type="password"
          autoComplete="new-password"
          {...form.register("password", { setValueAs: (v: string) => (v === "" ? undefined : v) })}
        />
      </FormField>
      <FormField label="Roles" hint="Optional." error={errors.roles?.message}>
        <Controller
          control={form.control}
          name="roles"
          render={({ field }) => <RolePicker value={field.value} onChange={field.onChange} />}
        />
      </FormField>
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="outline">Cancel</Button>
        </DialogClose>
        <Button type="submit" pending={mutation.isPending} data-testid="create-member-submit">
          Create and add
        </Button>
      </DialogFooter>
    </form>
  );
}
