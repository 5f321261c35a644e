"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import {
  ORGANIZATIONS_PER_USER,
  updateOrganizationCreationSettingsInput,
  type OrganizationCreationPolicy,
  type OrganizationCreationSettings,
} from "@guildhall/validators";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { useCurrentUser } from "@/components/shell/current-user";
import { Card, CardHeader } from "@/components/ui/card";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input, NativeSelect } from "@/components/ui/input";
import { SaveBar } from "@/components/ui/save-bar";
import { ErrorState, Skeleton } from "@/components/ui/states";
import { toast } from "@/components/ui/toaster";
import { applyServerErrors, errorMessage } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";

const POLICIES: { value: OrganizationCreationPolicy; label: string; hint: string }[] = [
  {
    value: "nobody",
    label: "Nobody",
    hint: "Only the console and the Management API create organizations.",
  },
  { value: "everyone", label: "Everyone", hint: "Any user who can sign in." },
  {
    value: "global_role",
    label: "Users holding a role",
    hint: "Only users holding the global role chosen below.",
  },
];

const FIELDS = ["policy", "creationRoleId", "creatorRoleId", "limitPerUser"] as const;
// Role pickers list this many; an instance with more roles still shows the chosen one.
const ROLE_PAGE = 100;

/** Who may create organizations from the portal or the organization API (admins change it). */
export function OrganizationCreationSettingsCard() {
  const trpc = useTRPC();
  const query = useQuery(trpc.instanceSettings.organizationCreation.get.queryOptions());
  return (
    <Card>
      <CardHeader
        title="Self-service creation"
        description="Users who may create organizations do so from the hosted portal or the organization API (POST /api/my/organizations), and join them with the creator role."
      />
      {query.isPending ? (
        <Skeleton className="h-48" />
      ) : query.isError ? (
        <ErrorState message={errorMessage(query.error)} onRetry={() => void query.refetch()} />
      ) : (
        <CreationForm current={query.data} />
      )}
    </Card>
  );
}

/** A role select's value: "" for none. */
const toId = (value: unknown) => (value === "" || value === undefined ? null : value);

function CreationForm({ current }: { current: OrganizationCreationSettings }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const readOnly = useCurrentUser().consoleRole !== "admin";
  const policyId = useId();
  const [formError, setFormError] = useState<string | null>(null);
  const globalRoles = useQuery(trpc.role.list.queryOptions({ type: "User", pageSize: ROLE_PAGE }));
  const organizationRoles = useQuery(
    trpc.organizationRole.list.queryOptions({ type: "User", pageSize: ROLE_PAGE }),
  );
  const form = useForm({
    resolver: zodResolver(updateOrganizationCreationSettingsInput),
    values: current,
  });
  const { errors, isDirty } = form.formState;
  const policy = useWatch({ control: form.control, name: "policy" });
  const mutation = useMutation(
    trpc.instanceSettings.organizationCreation.update.mutationOptions({
      onSuccess: (saved) => {
        toast.success("Organization creation settings saved");
        queryClient.setQueryData(trpc.instanceSettings.organizationCreation.get.queryKey(), saved);
      },
      onError: (e) => setFormError(applyServerErrors(e, form.setError, FIELDS)),
    }),
  );

  const options = (
    rows: readonly { id: string; name: string }[] | undefined,
    chosen: string | null,
  ) => {
    const list = [...(rows ?? [])];
    if (chosen && !list.some((r) => r.id === chosen)) list.unshift({ id: chosen, name: chosen });
    return list.map((r) => (
      <option key={r.id} value={r.id}>
        {r.name}
      </option>
    ));
  };

  return (
    <form
      onSubmit={form.handleSubmit((values) => {
        setFormError(null);
        mutation.mutate(values);
      })}
      noValidate
      aria-label="Organization creation"
      className="grid gap-5"
    >
      <FormError message={formError} />
      <fieldset disabled={readOnly} className="grid gap-5">
        <fieldset className="grid gap-2" aria-describedby={`${policyId}-hint`}>
          <legend className="text-sm font-medium">Who may create organizations</legend>
          <p id={`${policyId}-hint`} className="text-xs text-muted-foreground">
            Console members and the Management API always can.
          </p>
          {POLICIES.map((p) => (
            <label
              key={p.value}
              className="flex items-start gap-3 rounded-md border border-border p-3 has-[:checked]:border-primary"
            >
              <input
                type="radio"
                value={p.value}
                className="mt-1 accent-primary"
                {...form.register("policy")}
                data-testid={`creation-policy-${p.value}`}
              />
              <span className="grid gap-0.5">
                <span className="text-sm font-medium">{p.label}</span>
                <span className="text-xs text-muted-foreground">{p.hint}</span>
              </span>
            </label>
          ))}
          {errors.policy?.message ? (
            <p className="text-xs font-medium text-danger">{errors.policy.message}</p>
          ) : null}
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField
            label="Global role needed"
            hint={
              <>
                Users holding this{" "}
                <Link href="/roles" className="underline">
                  role
                </Link>{" "}
                may create organizations.
              </>
            }
            error={errors.creationRoleId?.message}
            required={policy === "global_role"}
          >
            <NativeSelect
              disabled={policy !== "global_role"}
              {...form.register("creationRoleId", { setValueAs: toId })}
              data-testid="creation-role"
            >
              <option value="">Choose a role</option>
              {options(globalRoles.data?.items, current.creationRoleId)}
            </NativeSelect>
          </FormField>
          <FormField
            label="Creator's role"
            hint={
              <>
                The{" "}
                <Link href="/template/roles" className="underline">
                  organization role
                </Link>{" "}
                the creator gets in the new organization. Give it the guildhall: permissions so they
                can manage it.
              </>
            }
            error={errors.creatorRoleId?.message}
          >
            <NativeSelect
              {...form.register("creatorRoleId", { setValueAs: toId })}
              data-testid="creator-role"
            >
              <option value="">No role</option>
              {options(organizationRoles.data?.items, current.creatorRoleId)}
            </NativeSelect>
          </FormField>
        </div>
        <FormField
          label="Organizations per user"
          hint={`${ORGANIZATIONS_PER_USER.min} to ${ORGANIZATIONS_PER_USER.max}. How many organizations one user may create.`}
          error={errors.limitPerUser?.message}
          className="sm:max-w-xs"
        >
          <Input
            type="number"
            inputMode="numeric"
            min={ORGANIZATIONS_PER_USER.min}
            max={ORGANIZATIONS_PER_USER.max}
            {...form.register("limitPerUser", { valueAsNumber: true })}
            data-testid="creation-limit"
          />
        </FormField>
      </fieldset>
      {readOnly ? (
        <p className="text-sm text-muted-foreground">
          Only console admins can change who may create organizations.
        </p>
      ) : (
        <SaveBar
          dirty={isDirty}
          pending={mutation.isPending}
          onDiscard={() => form.reset(current)}
          saveLabel="Save"
          saveTestId="save-organization-creation"
        />
      )}
    </form>
  );
}
