"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { createMyOrganizationInput } from "@guildhall/validators";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Building2, ChevronRight, Plus } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { RoleBadges } from "@/components/role-badges";
import { Button } from "@/components/ui/button";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input, Textarea } from "@/components/ui/input";
import { EmptyState, ErrorState, TableSkeleton } from "@/components/ui/states";
import { toast } from "@/components/ui/toaster";
import { applyServerErrors, errorMessage } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";
import { portalOrganizationHref } from "./links";
import { OrganizationMark } from "./organization-mark";
import { PortalSection } from "./portal-section";
import { usePortalRefresh } from "./use-portal-refresh";

/** The user's organizations, each linking to its portal page, and creating a new one. */
export function PortalHome() {
  const trpc = useTRPC();
  const query = useQuery(trpc.portal.myOrganizations.queryOptions());
  return (
    <div className="grid gap-6">
      <PortalSection
        id="organizations"
        title="Your organizations"
        description="Open one to see its members and, if your roles allow, manage it."
      >
        {query.isPending ? (
          <TableSkeleton rows={2} />
        ) : query.isError ? (
          <ErrorState message={errorMessage(query.error)} onRetry={() => void query.refetch()} />
        ) : query.data.length === 0 ? (
          <EmptyState
            icon={<Building2 />}
            title="You are not a member of any organization yet"
            description="Accept an invitation from its email, or create an organization below."
          />
        ) : (
          <ul className="grid gap-2" aria-label="Your organizations">
            {query.data.map((o) => (
              <li key={o.id}>
                <Link
                  href={portalOrganizationHref(o.id)}
                  className="flex items-center gap-3 rounded-md border border-border p-3 hover:bg-muted focus-visible:outline-2 focus-visible:outline-ring"
                  data-testid="portal-organization-link"
                >
                  <OrganizationMark name={o.name} branding={o.branding} color={o.color} />
                  <div className="grid min-w-0 flex-1 gap-1">
                    <span className="truncate font-semibold">{o.name}</span>
                    <RoleBadges roles={o.roles} label={`Your roles in ${o.name}`} />
                  </div>
                  <ChevronRight className="size-4 shrink-0 text-muted-foreground" aria-hidden />
                </Link>
              </li>
            ))}
          </ul>
        )}
      </PortalSection>
      <CreateOrganization />
    </div>
  );
}

function CreateOrganization() {
  const trpc = useTRPC();
  const router = useRouter();
  const refresh = usePortalRefresh();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    resolver: zodResolver(createMyOrganizationInput),
    defaultValues: { name: "", description: "" },
  });
  const { errors } = form.formState;
  const create = useMutation(trpc.portal.createOrganization.mutationOptions());
  return (
    <PortalSection
      id="create"
      title="Create an organization"
      description="You become its first member; the app decides which role you get and whether you may create one."
    >
      <form
        noValidate
        aria-label="Create an organization"
        className="grid gap-4"
        onSubmit={form.handleSubmit((values) => {
          setFormError(null);
          create.mutate(
            { name: values.name, description: values.description?.trim() || null },
            {
              onSuccess: (organization) => {
                toast.success(`${organization.name} created`);
                void refresh();
                router.push(portalOrganizationHref(organization.id));
              },
              // Creation not allowed, or the limit reached: core's message says what to do.
              onError: (e) =>
                setFormError(applyServerErrors(e, form.setError, ["name", "description"])),
            },
          );
        })}
      >
        <FormError message={formError} />
        <FormField label="Name" required error={errors.name?.message}>
          <Input {...form.register("name")} data-testid="portal-create-name" />
        </FormField>
        <FormField label="Description" error={errors.description?.message}>
          <Textarea rows={2} {...form.register("description")} />
        </FormField>
        <div className="flex justify-end">
          <Button type="submit" pending={create.isPending} data-testid="portal-create-submit">
            <Plus aria-hidden />
            Create organization
          </Button>
        </div>
      </form>
    </PortalSection>
  );
}
