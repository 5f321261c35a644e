"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import {
  branding as brandingSchema,
  createMyOrganizationInput,
  organizationColor as colorSchema,
  type PortalOrganization,
} from "@guildhall/validators";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { z } from "zod";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input, Textarea } from "@/components/ui/input";
import { SaveBar } from "@/components/ui/save-bar";
import { ErrorState, Skeleton } from "@/components/ui/states";
import { toast } from "@/components/ui/toaster";
import { applyServerErrors, errorMessage } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";
import { PortalSection } from "./portal-section";
import { usePortalRefresh } from "./use-portal-refresh";

// Form fields are text; empty means "not set". Each keeps the validators' rule.
const optional = <S extends z.ZodType>(schema: S) => z.union([z.literal(""), schema]);
const settingsForm = createMyOrganizationInput.extend({
  logoUrl: optional(brandingSchema.shape.logoUrl.unwrap()),
  primaryColor: optional(colorSchema.shape.primaryColor.unwrap()),
});
type SettingsForm = z.input<typeof settingsForm>;
const FIELDS = ["name", "description", "logoUrl", "primaryColor"] as const;
/** Server issue paths (`branding.logoUrl`, `color.primaryColor`) to the form's flat fields. */
const flatField = (path: string) => path.replace(/^(branding|color)\./, "");

/** `#abc` as `#aabbcc`: what a color input takes. */
function sixDigits(color: string): string {
  return /^#[0-9a-f]{3}$/i.test(color)
    ? `#${[...color.slice(1)].map((c) => c + c).join("")}`
    : color;
}

/** Name, description, logo and brand color (`guildhall:organization:update`). */
export function SettingsSection({ organizationId }: { organizationId: string }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.portal.organization.get.queryOptions({ organizationId }));
  return (
    <PortalSection
      id="settings"
      title="Settings"
      description="How the organization appears to its members, on its sign-in and invitation pages and in its emails."
    >
      {query.isPending ? (
        <Skeleton className="h-64" />
      ) : query.isError ? (
        <ErrorState message={errorMessage(query.error)} onRetry={() => void query.refetch()} />
      ) : (
        <SettingsFormView organization={query.data} />
      )}
    </PortalSection>
  );
}

function SettingsFormView({ organization }: { organization: PortalOrganization }) {
  const trpc = useTRPC();
  const router = useRouter();
  const refresh = usePortalRefresh();
  const [formError, setFormError] = useState<string | null>(null);
  const values: SettingsForm = {
    name: organization.name,
    description: organization.description ?? "",
    logoUrl: organization.branding.logoUrl ?? "",
    primaryColor: organization.color.primaryColor ?? "",
  };
  const form = useForm({ resolver: zodResolver(settingsForm), values });
  const { errors, isDirty } = form.formState;
  const live = useWatch({ control: form.control });
  const liveColor = colorSchema.shape.primaryColor.safeParse(live.primaryColor);
  const update = useMutation(trpc.portal.organization.update.mutationOptions());

  const onSubmit = form.handleSubmit((v) => {
    setFormError(null);
    // Branding and color are replaced as a whole: keep what this form does not edit.
    const { logoUrl: _logo, ...otherBranding } = organization.branding;
    const { primaryColor: _color, ...otherColor } = organization.color;
    update.mutate(
      {
        id: organization.id,
        name: v.name,
        description: v.description?.trim() ? v.description : null,
        branding: v.logoUrl ? { ...otherBranding, logoUrl: v.logoUrl } : otherBranding,
        color: v.primaryColor ? { ...otherColor, primaryColor: v.primaryColor } : otherColor,
      },
      {
        onSuccess: () => {
          toast.success("Organization saved");
          void refresh();
          // The header and the page's colors are rendered on the server.
          router.refresh();
        },
        onError: (error) =>
          setFormError(
            applyServerErrors(
              error,
              (field, e) => form.setError(flatField(field) as keyof SettingsForm, e),
              FIELDS.flatMap((f) => [f, `branding.${f}`, `color.${f}`]),
            ),
          ),
      },
    );
  });

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-label="Organization settings">
      <FormError message={formError} />
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Name" required error={errors.name?.message}>
          <Input {...form.register("name")} data-testid="portal-settings-name" />
        </FormField>
        <FormField
          label="Logo URL"
          hint="An https:// address of an image (SVG or PNG)."
          error={errors.logoUrl?.message}
        >
          <Input
            type="url"
            placeholder="https://example.com/logo.svg"
            {...form.register("logoUrl")}
            data-testid="portal-settings-logo"
          />
        </FormField>
      </div>
      <FormField label="Description" error={errors.description?.message}>
        <Textarea rows={3} {...form.register("description")} />
      </FormField>
      <FormField
        label="Primary color"
        hint="A hex color such as #0f766e: buttons and links on this organization's pages."
        error={errors.primaryColor?.message}
      >
        <div className="flex items-center gap-2">
          <input
            type="color"
            aria-label="Pick the primary color"
            className="h-9 w-12 shrink-0 cursor-pointer rounded-md border border-input bg-background p-1"
            value={liveColor.success && liveColor.data ? sixDigits(liveColor.data) : "#4f46e5"}
            onChange={(e) =>
              form.setValue("primaryColor", e.target.value, {
                shouldDirty: true,
                shouldValidate: true,
              })
            }
          />
          <Input
            placeholder="#4f46e5"
            className="font-mono"
            {...form.register("primaryColor")}
            data-testid="portal-settings-color"
          />
        </div>
      </FormField>
      <SaveBar
        dirty={isDirty}
        pending={update.isPending}
        onDiscard={() => form.reset(values)}
        saveLabel="Save settings"
        saveTestId="portal-settings-save"
      />
    </form>
  );
}
