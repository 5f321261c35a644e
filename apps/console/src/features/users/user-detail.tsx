"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { createUserInput, password as passwordSchema } from "@guildhall/validators";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Ban, CircleCheck } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { toast } from "@/components/ui/toaster";
import { applyServerErrors, errorMessage } from "@/lib/errors";
import { formatDate, formatDateTime, list, plural } from "@/lib/format";
import { userDetails, userLabel } from "@/lib/user-label";
import { useTRPC } from "@/trpc/react";
import type { RouterOutputs } from "@/trpc/types";
import { FACTOR_LABELS } from "@/features/sign-in-experience/factor-labels";
import { VerificationBadge } from "./account-badges";
import { UserGlobalRoles } from "./user-global-roles";
import { UserOrganizations } from "./user-organizations";
import { UserSecurity } from "./user-security";

type User = RouterOutputs["user"]["get"];

export function UserDetail({ initial }: { initial: User }) {
  const trpc = useTRPC();
  const { data: user } = useQuery({
    ...trpc.user.get.queryOptions({ id: initial.id }),
    initialData: initial,
  });
  const label = userLabel(user);
  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: "Users", href: "/users" }, { label }]}
        title={label}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span>{userDetails(user) ?? (user.name ? "No email or username" : null)}</span>
            {user.isSuspended ? (
              <Badge tone="danger">Suspended</Badge>
            ) : (
              <Badge tone="success">Active</Badge>
            )}
            {user.email ? <VerificationBadge verified={user.emailVerified} /> : null}
          </span>
        }
        actions={<SuspendButton user={user} />}
      />
      <div className="grid gap-6">
        <div className="grid gap-6 lg:grid-cols-2">
          <ProfileCard user={user} />
          <div className="grid content-start gap-6">
            <DetailsCard user={user} />
            <PasswordCard user={user} />
          </div>
        </div>
        <UserSecurity user={user} />
        <UserOrganizations user={user} />
        <UserGlobalRoles user={user} />
        <DeleteUserCard user={user} />
      </div>
    </>
  );
}

function useUserUpdated() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return async (user: User) => {
    queryClient.setQueryData(trpc.user.get.queryKey({ id: user.id }), user);
    await Promise.all([
      queryClient.invalidateQueries(trpc.user.list.pathFilter()),
      // Member lists show names, emails and the suspended badge.
      queryClient.invalidateQueries(trpc.organization.member.list.pathFilter()),
    ]);
  };
}

function SuspendButton({ user }: { user: User }) {
  const trpc = useTRPC();
  const updated = useUserUpdated();
  const [confirming, setConfirming] = useState(false);
  const mutation = useMutation(
    trpc.user.setSuspended.mutationOptions({
      onSuccess: async (u) => {
        toast.success(
          u.isSuspended ? `${userLabel(u)} is suspended` : `${userLabel(u)} can sign in again`,
        );
        setConfirming(false);
        await updated(u);
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  if (user.isSuspended) {
    return (
      <Button
        variant="outline"
        pending={mutation.isPending}
        onClick={() => mutation.mutate({ id: user.id, isSuspended: false })}
        data-testid="unsuspend-user"
      >
        <CircleCheck aria-hidden />
        Unsuspend
      </Button>
    );
  }
  return (
    <>
      <Button variant="outline" onClick={() => setConfirming(true)} data-testid="suspend-user">
        <Ban aria-hidden />
        Suspend
      </Button>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={`Suspend ${userLabel(user)}?`}
        description="You can lift the suspension at any time."
        impact={
          <p>
            They can no longer sign in or get tokens, in any organization. Their memberships and
            roles are kept.
          </p>
        }
        confirmLabel="Suspend user"
        pending={mutation.isPending}
        onConfirm={() => mutation.mutate({ id: user.id, isSuspended: true })}
      />
    </>
  );
}

const profileSchema = createUserInput.pick({
  email: true,
  username: true,
  primaryPhone: true,
  name: true,
});
// An emptied field removes the value (null), it is not an invalid one.
const clearable = { setValueAs: (v: string | null) => (v?.trim() ? v : null) };

function ProfileCard({ user }: { user: User }) {
  const trpc = useTRPC();
  const updated = useUserUpdated();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    resolver: zodResolver(profileSchema),
    values: {
      email: user.email,
      username: user.username,
      primaryPhone: user.primaryPhone,
      name: user.name,
    },
  });
  const { errors, isDirty } = form.formState;
  const mutation = useMutation(
    trpc.user.update.mutationOptions({
      onSuccess: async (u) => {
        toast.success("Profile saved");
        await updated(u);
      },
      onError: (e) =>
        setFormError(
          applyServerErrors(e, form.setError, ["email", "username", "primaryPhone", "name"], {
            "user.email_taken": "email",
            "user.username_taken": "username",
            "user.phone_taken": "primaryPhone",
          }),
        ),
    }),
  );
  return (
    <Card>
      <CardHeader title="Profile" />
      <form
        onSubmit={form.handleSubmit((v) => {
          setFormError(null);
          // Only the identifiers that changed: changing one is an account change (refused to a
          // collaborator on a console admin), and an unchanged one should not count as one.
          const changed = <T,>(value: T, current: T) => (value === current ? undefined : value);
          mutation.mutate({
            id: user.id,
            email: changed(v.email ?? null, user.email),
            username: changed(v.username ?? null, user.username),
            primaryPhone: changed(v.primaryPhone ?? null, user.primaryPhone),
            name: v.name ?? null,
          });
        })}
        noValidate
        className="grid gap-4"
        aria-label="Profile"
      >
        <FormError message={formError} />
        <FormField label="Name" error={errors.name?.message}>
          <Input {...form.register("name", clearable)} />
        </FormField>
        <FormField
          label="Email"
          hint="A new email starts unverified. Without one, the user cannot be invited or sent password resets."
          error={errors.email?.message}
        >
          <Input type="email" {...form.register("email", clearable)} />
        </FormField>
        <FormField
          label="Username"
          hint="Letters, digits and underscores; not starting with a digit. Unique regardless of case."
          error={errors.username?.message}
        >
          <Input spellCheck={false} {...form.register("username", clearable)} />
        </FormField>
        <FormField
          label="Phone number"
          hint="Digits only, country code first (e.g. 15551234567)."
          error={errors.primaryPhone?.message}
        >
          <Input type="tel" inputMode="numeric" {...form.register("primaryPhone", clearable)} />
        </FormField>
        <div className="flex justify-end">
          <Button type="submit" pending={mutation.isPending} disabled={!isDirty}>
            Save profile
          </Button>
        </div>
      </form>
    </Card>
  );
}

function DetailsCard({ user }: { user: User }) {
  const rows: [string, string][] = [
    ["User id", user.id],
    ["Email verified", user.email === null ? "No email" : user.emailVerified ? "Yes" : "No"],
    [
      "MFA",
      user.mfaFactors.length > 0
        ? list(user.mfaFactors.map((type) => FACTOR_LABELS[type]))
        : "Not enrolled",
    ],
    ["Last sign-in", user.lastSignInAt ? formatDateTime(user.lastSignInAt) : "Never"],
    ["Created", formatDate(user.createdAt)],
  ];
  return (
    <Card>
      <CardHeader title="Details" />
      <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
        {rows.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="text-muted-foreground">{k}</dt>
            <dd className={k === "User id" ? "font-mono text-xs break-all" : undefined}>{v}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}

const passwordForm = z.object({ password: passwordSchema });

function PasswordCard({ user }: { user: User }) {
  const trpc = useTRPC();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ resolver: zodResolver(passwordForm), defaultValues: { password: "" } });
  const mutation = useMutation(
    trpc.user.update.mutationOptions({
      onSuccess: () => {
        toast.success("Password set");
        form.reset({ password: "" });
      },
      onError: (e) => setFormError(applyServerErrors(e, form.setError, ["password"])),
    }),
  );
  return (
    <Card>
      <CardHeader
        title="Password"
        description="Set a new password for this user. Tell them through a channel you trust."
      />
      <form
        onSubmit={form.handleSubmit((v) => {
          setFormError(null);
          mutation.mutate({ id: user.id, password: v.password });
        })}
        noValidate
        className="grid gap-4"
        aria-label="Set password"
      >
        <FormError message={formError} />
        <FormField label="New password" error={form.formState.errors.password?.message}>
          <Input type="password" autoComplete="new-password" {...form.register("password")} />
        </FormField>
        <div className="flex justify-end">
          <Button type="submit" variant="outline" pending={mutation.isPending}>
            Set password
          </Button>
        </div>
      </form>
    </Card>
  );
}

function DeleteUserCard({ user }: { user: User }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const organizations = useQuery({
    ...trpc.user.organizations.queryOptions({ id: user.id }),
    enabled: open,
  });
  const remove = useMutation(
    trpc.user.delete.mutationOptions({
      onSuccess: async () => {
        toast.success(`User ${userLabel(user)} deleted`);
        setOpen(false);
        router.push("/users");
        queryClient.removeQueries(trpc.user.get.queryFilter({ id: user.id }));
        await Promise.all([
          queryClient.invalidateQueries(trpc.user.list.pathFilter()),
          queryClient.invalidateQueries(trpc.organization.pathFilter()),
          queryClient.invalidateQueries(trpc.consoleMember.pathFilter()),
        ]);
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const orgs = organizations.data ?? [];
  return (
    <Card className="border-danger/40">
      <CardHeader
        title="Delete user"
        description="Deletes the account, its memberships, roles and console access."
        action={
          <Button variant="danger" onClick={() => setOpen(true)} data-testid="delete-user">
            Delete user
          </Button>
        }
      />
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title={`Delete ${userLabel(user)}?`}
        description="This cannot be undone."
        impact={
          organizations.isPending ? (
            <p>Checking memberships…</p>
          ) : orgs.length === 0 ? (
            <p>The user belongs to no organization.</p>
          ) : (
            <p>
              They leave <strong>{plural(orgs.length, "organization")}</strong> (
              {list(orgs.map((o) => o.name))}) and lose every role there.
            </p>
          )
        }
        confirmText={user.email ?? user.username ?? user.id}
        confirmLabel="Delete user"
        pending={remove.isPending}
        onConfirm={() => remove.mutate({ id: user.id })}
      />
    </Card>
  );
}
