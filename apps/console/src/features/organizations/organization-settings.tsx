"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import {
  branding as brandingSchema,
  createOrganizationInput,
  customCss as customCssSchema,
  jsonObject,
  organizationColor as colorSchema,
} from "@guildhall/validators";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useId, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input, Textarea } from "@/components/ui/input";
import { ErrorState, Skeleton } from "@/components/ui/states";
import { Switch } from "@/components/ui/switch";
import { toast } from "@/components/ui/toaster";
import { applyServerErrors, errorMessage } from "@/lib/errors";
import { plural } from "@/lib/format";
import { useTRPC } from "@/trpc/react";
import type { RouterOutputs } from "@/trpc/types";
import { BrandingPreview } from "./branding-preview";
import { useUpdateOrganization } from "./use-update-organization";

type Organization = RouterOutputs["organization"]["get"];

export function OrganizationSettings({ organizationId }: { organizationId: string }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.organization.get.queryOptions({ id: organizationId }));
  if (query.isPending) {
    return (
      <div className="grid gap-4">
        <Skeleton className="h-48" />
        <Skeleton className="h-32" />
      </div>
    );
  }
  if (query.isError)
    return <ErrorState message={errorMessage(query.error)} onRetry={() => void query.refetch()} />;
  const organization = query.data;
  return (
    <div className="grid gap-6">
      <GeneralCard organization={organization} />
      <SecurityCard organization={organization} />
      <BrandingCard organization={organization} />
      <CustomDataCard organization={organization} />
      <DangerZone organization={organization} />
    </div>
  );
}

const generalSchema = createOrganizationInput.pick({ name: true, description: true });

function GeneralCard({ organization }: { organization: Organization }) {
  const update = useUpdateOrganization(organization.id);
  const [formError, setFormError] = useState<string | null>(null);
  const values = { name: organization.name, description: organization.description ?? "" };
  const form = useForm({ resolver: zodResolver(generalSchema), values });
  const { errors, isDirty } = form.formState;

  const onSubmit = form.handleSubmit((v) => {
    setFormError(null);
    update.mutate(
      {
        id: organization.id,
        name: v.name,
        description: v.description?.trim() ? v.description : null,
      },
      {
        onSuccess: () => toast.success("Organization saved"),
        onError: (error) =>
          setFormError(applyServerErrors(error, form.setError, ["name", "description"])),
      },
    );
  });

  return (
    <Card>
      <CardHeader title="General" />
      <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-label="General settings">
        <FormError message={formError} />
        <FormField label="Name" required error={errors.name?.message}>
          <Input {...form.register("name")} />
        </FormField>
        <FormField label="Description" error={errors.description?.message}>
          <Textarea {...form.register("description")} />
        </FormField>
        <div className="flex justify-end">
          <Button type="submit" pending={update.isPending} disabled={!isDirty}>
            Save
          </Button>
        </div>
      </form>
    </Card>
  );
}

/** MFA switch: saved at once, shown optimistically, rolled back on failure. */
function SecurityCard({ organization }: { organization: Organization }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const key = trpc.organization.get.queryKey({ id: organization.id });
  const id = useId();
  const toggle = useMutation(
    trpc.organization.update.mutationOptions({
      onMutate: async ({ isMfaRequired }) => {
        await queryClient.cancelQueries({ queryKey: key });
        const previous = queryClient.getQueryData(key);
        queryClient.setQueryData(key, (old) =>
          old ? { ...old, isMfaRequired: isMfaRequired ?? old.isMfaRequired } : old,
        );
        return { previous };
      },
      onError: (error, _vars, context) => {
        if (context?.previous) queryClient.setQueryData(key, context.previous);
        toast.error(errorMessage(error));
      },
      onSuccess: (updated) =>
        toast.success(
          updated.isMfaRequired
            ? "Members now need MFA for this organization"
            : "MFA is no longer required",
        ),
      onSettled: () => queryClient.invalidateQueries(trpc.organization.list.pathFilter()),
    }),
  );
  return (
    <Card>
      <CardHeader title="Security" />
      <div className="flex items-start justify-between gap-4">
        <div className="grid gap-1">
          <label htmlFor={id} className="text-sm font-medium">
            Require multi-factor authentication
          </label>
          <p id={`${id}-hint`} className="text-sm text-muted-foreground">
            Members without a second factor cannot get a token for this organization.
          </p>
        </div>
        <Switch
          id={id}
          aria-describedby={`${id}-hint`}
          checked={organization.isMfaRequired}
          onCheckedChange={(checked) =>
            toggle.mutate({ id: organization.id, isMfaRequired: checked })
          }
          data-testid="mfa-switch"
        />
      </div>
    </Card>
  );
}

// Form fields are text; empty means "not set". Each field keeps the validators' rule.
const optional = <S extends z.ZodType>(schema: S) => z.union([z.literal(""), schema]);
const brandingForm = z.object({
  logoUrl: optional(brandingSchema.shape.logoUrl.unwrap()),
  darkLogoUrl: optional(brandingSchema.shape.darkLogoUrl.unwrap()),
  favicon: optional(brandingSchema.shape.favicon.unwrap()),
  darkFavicon: optional(brandingSchema.shape.darkFavicon.unwrap()),
  primaryColor: optional(colorSchema.shape.primaryColor.unwrap()),
  darkPrimaryColor: optional(colorSchema.shape.darkPrimaryColor.unwrap()),
  isDarkModeEnabled: z.boolean(),
  customCss: customCssSchema.unwrap(),
});
type BrandingForm = z.input<typeof brandingForm>;
const BRANDING_FIELDS = [
  "logoUrl",
  "darkLogoUrl",
  "favicon",
  "darkFavicon",
  "primaryColor",
  "darkPrimaryColor",
  "isDarkModeEnabled",
  "customCss",
] as const;
/** Server issue paths (`branding.logoUrl`, `color.primaryColor`) to the form's flat fields. */
const serverFields = (field: string) => field.replace(/^(branding|color)\./, "");

function BrandingCard({ organization }: { organization: Organization }) {
  const update = useUpdateOrganization(organization.id);
  const [formError, setFormError] = useState<string | null>(null);
  const { branding: b, color: c } = organization;
  const values: BrandingForm = {
    logoUrl: b.logoUrl ?? "",
    darkLogoUrl: b.darkLogoUrl ?? "",
    favicon: b.favicon ?? "",
    darkFavicon: b.darkFavicon ?? "",
    primaryColor: c.primaryColor ?? "",
    darkPrimaryColor: c.darkPrimaryColor ?? "",
    // Not set means "follow the system", as it is on.
    isDarkModeEnabled: c.isDarkModeEnabled !== false,
    customCss: organization.customCss ?? "",
  };
  const form = useForm({ resolver: zodResolver(brandingForm), values });
  const { errors, isDirty } = form.formState;
  const live = useWatch({ control: form.control }) as BrandingForm;
  const darkModeId = useId();

  const onSubmit = form.handleSubmit((v) => {
    setFormError(null);
    const set = <K extends keyof typeof v>(keys: readonly K[]) =>
      Object.fromEntries(keys.filter((k) => v[k] !== "").map((k) => [k, v[k]]));
    update.mutate(
      {
        id: organization.id,
        branding: set(["logoUrl", "darkLogoUrl", "favicon", "darkFavicon"] as const),
        color: {
          ...set(["primaryColor", "darkPrimaryColor"] as const),
          isDarkModeEnabled: v.isDarkModeEnabled,
        },
        customCss: v.customCss.trim() === "" ? null : v.customCss,
      },
      {
        onSuccess: () => toast.success("Branding saved"),
        onError: (error) =>
          setFormError(
            applyServerErrors(
              error,
              (field, e) => form.setError(serverFields(field) as keyof BrandingForm, e),
              BRANDING_FIELDS.flatMap((f) => [f, `branding.${f}`, `color.${f}`]),
            ),
          ),
      },
    );
  });

  return (
    <Card>
      <CardHeader
        title="Branding"
        description="Shown on this organization's sign-in and invitation pages, and in its invitation emails (logo and brand color)."
      />
      <form
        onSubmit={onSubmit}
        noValidate
        className="grid gap-5 lg:grid-cols-2"
        aria-label="Branding"
      >
        <div className="grid content-start gap-4">
          <FormError message={formError} />
          <FormField label="Logo URL" error={errors.logoUrl?.message}>
            <Input
              type="url"
              placeholder="https://example.com/logo.svg"
              {...form.register("logoUrl")}
            />
          </FormField>
          <FormField label="Logo URL (dark mode)" error={errors.darkLogoUrl?.message}>
            <Input
              type="url"
              placeholder="https://example.com/logo-dark.svg"
              {...form.register("darkLogoUrl")}
            />
          </FormField>
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField label="Favicon URL" error={errors.favicon?.message}>
              <Input
                type="url"
                placeholder="https://example.com/favicon.ico"
                {...form.register("favicon")}
              />
            </FormField>
            <FormField label="Favicon URL (dark mode)" error={errors.darkFavicon?.message}>
              <Input
                type="url"
                placeholder="https://example.com/favicon-dark.ico"
                {...form.register("darkFavicon")}
              />
            </FormField>
          </div>
          <div className="grid gap-4 sm:grid-cols-2">
            <ColorField
              label="Brand color"
              name="primaryColor"
              form={form}
              error={errors.primaryColor?.message}
            />
            <ColorField
              label="Brand color (dark mode)"
              name="darkPrimaryColor"
              form={form}
              error={errors.darkPrimaryColor?.message}
            />
          </div>
          <div className="flex items-center justify-between gap-4">
            <div className="grid gap-1">
              <label htmlFor={darkModeId} className="text-sm font-medium">
                Dark mode
              </label>
              <p id={`${darkModeId}-hint`} className="text-sm text-muted-foreground">
                Off: the sign-in and invitation pages stay light, whatever the system prefers.
              </p>
            </div>
            <Switch
              id={darkModeId}
              aria-describedby={`${darkModeId}-hint`}
              checked={live.isDarkModeEnabled}
              onCheckedChange={(checked) =>
                form.setValue("isDarkModeEnabled", checked, { shouldDirty: true })
              }
              data-testid="dark-mode-switch"
            />
          </div>
          <FormField
            label="Custom CSS"
            hint="Applied last on the sign-in and invitation pages. @import is not allowed."
            error={errors.customCss?.message}
          >
            <Textarea
              rows={6}
              className="font-mono text-xs"
              spellCheck={false}
              placeholder={".organization-branding { font-weight: 600; }"}
              {...form.register("customCss")}
            />
          </FormField>
          <div className="flex justify-end">
            <Button type="submit" pending={update.isPending} disabled={!isDirty}>
              Save branding
            </Button>
          </div>
        </div>
        <BrandingPreview
          name={organization.name}
          light={{ logoUrl: live.logoUrl, color: live.primaryColor }}
          dark={{
            logoUrl: live.darkLogoUrl || live.logoUrl,
            color: live.darkPrimaryColor || live.primaryColor,
          }}
        />
      </form>
    </Card>
  );
}

function ColorField({
  label,
  name,
  form,
  error,
}: {
  label: string;
  name: "primaryColor" | "darkPrimaryColor";
  form: ReturnType<typeof useForm<BrandingForm, unknown, z.output<typeof brandingForm>>>;
  error?: string;
}) {
  const value = useWatch({ control: form.control, name });
  // The picker only takes #rrggbb; a #rgb value is shown expanded.
  const short = /^#([0-9a-fA-F])([0-9a-fA-F])([0-9a-fA-F])$/.exec(value);
  const picked = short
    ? `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}`
    : value;
  const valid = /^#[0-9a-fA-F]{6}$/.test(picked);
  return (
    <FormField label={label} error={error}>
      <div className="flex gap-2">
        <Input className="font-mono" placeholder="#5b5bd6" {...form.register(name)} />
        <input
          type="color"
          aria-label={`Pick ${label.toLowerCase()}`}
          value={valid ? picked : "#5b5bd6"}
          onChange={(e) =>
            form.setValue(name, e.target.value, { shouldDirty: true, shouldValidate: true })
          }
          className="h-9 w-11 shrink-0 cursor-pointer rounded-md border border-input bg-background p-1"
        />
      </div>
    </FormField>
  );
}

/** JSON editor: must parse to an object before it can be saved. */
function CustomDataCard({ organization }: { organization: Organization }) {
  const update = useUpdateOrganization(organization.id);
  const initial = JSON.stringify(organization.customData, null, 2);
  const [text, setText] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setText(initial), [initial]);

  const parse = (value: string): Record<string, unknown> | string => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value.trim() === "" ? "{}" : value);
    } catch (e) {
      return `Not valid JSON: ${e instanceof Error ? e.message : "check the syntax"}`;
    }
    const result = jsonObject.safeParse(parsed);
    return result.success && !Array.isArray(parsed)
      ? result.data
      : 'Custom data must be a JSON object, like {"plan": "pro"}.';
  };

  const onSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    const parsed = parse(text);
    if (typeof parsed === "string") {
      setError(parsed);
      return;
    }
    setError(null);
    update.mutate(
      { id: organization.id, customData: parsed },
      {
        onSuccess: () => toast.success("Custom data saved"),
        onError: (e) => setError(errorMessage(e)),
      },
    );
  };

  return (
    <Card>
      <CardHeader
        title="Custom data"
        description="Any JSON object your app wants to keep with the organization (plan, region, limits…)."
      />
      <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-label="Custom data">
        <FormField label="Custom data (JSON)" error={error ?? undefined}>
          <Textarea
            className="min-h-40 font-mono text-xs"
            spellCheck={false}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              if (error) setError(null);
            }}
            onBlur={() => {
              const parsed = parse(text);
              if (typeof parsed === "string") setError(parsed);
            }}
            data-testid="custom-data"
          />
        </FormField>
        <div className="flex justify-end gap-2">
          <Button
            variant="outline"
            onClick={() => {
              const parsed = parse(text);
              if (typeof parsed === "string") setError(parsed);
              else setText(JSON.stringify(parsed, null, 2));
            }}
          >
            Format
          </Button>
          <Button type="submit" pending={update.isPending} disabled={text === initial}>
            Save custom data
          </Button>
        </div>
      </form>
    </Card>
  );
}

function DangerZone({ organization }: { organization: Organization }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const remove = useMutation(
    trpc.organization.delete.mutationOptions({
      onSuccess: async () => {
        toast.success(`Organization ${organization.name} deleted`);
        setOpen(false);
        router.push("/organizations");
        queryClient.removeQueries(trpc.organization.get.queryFilter({ id: organization.id }));
        await queryClient.invalidateQueries(trpc.organization.list.pathFilter());
      },
      onError: (error) => toast.error(errorMessage(error)),
    }),
  );
  return (
    <Card className="border-danger/40">
      <CardHeader
        title="Delete organization"
        description="Removes the organization, its memberships and their roles. Users themselves are kept."
        action={
          <Button variant="danger" onClick={() => setOpen(true)} data-testid="delete-organization">
            Delete organization
          </Button>
        }
      />
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title={`Delete ${organization.name}?`}
        description="This cannot be undone."
        impact={
          organization.memberCount > 0 ? (
            <p>
              <strong>{plural(organization.memberCount, "member")}</strong> lose their membership
              and roles in this organization, and its tokens stop being issued.
            </p>
          ) : (
            <p>The organization has no members.</p>
          )
        }
        confirmText={organization.name}
        confirmLabel="Delete organization"
        pending={remove.isPending}
        onConfirm={() => remove.mutate({ id: organization.id })}
      />
    </Card>
  );
}
