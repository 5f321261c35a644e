"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { createApplicationInput, type ApplicationType } from "@guildhall/validators";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Controller, useForm, useWatch } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input, Textarea } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import { applyServerErrors } from "@/lib/errors";
import { cn } from "@/lib/cn";
import { useListDrafts } from "@/lib/use-list-drafts";
import { useTRPC } from "@/trpc/react";
import { APPLICATION_TYPES } from "./application-types";
import { SecretDialog } from "./secret-dialog";
import { UriListEditor } from "./uri-list-editor";

const schema = createApplicationInput.pick({
  name: true,
  description: true,
  type: true,
  redirectUris: true,
  postLogoutRedirectUris: true,
  accessTokenTtl: true,
  refreshTokenTtl: true,
});

const defaults = {
  name: "",
  description: "",
  type: "Traditional" as ApplicationType,
  redirectUris: [] as string[],
  postLogoutRedirectUris: [] as string[],
  accessTokenTtl: 3600,
  refreshTokenTtl: 1_209_600,
};

/** Row errors of a URI list field, by index. */
export function rowErrors(error: unknown): (string | undefined)[] {
  if (!Array.isArray(error)) return [];
  return error.map((e: { message?: string } | undefined) => e?.message);
}

export function CreateApplicationDialog({
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
  const [created, setCreated] = useState<{
    id: string;
    secret: { name: string; value: string };
  } | null>(null);
  const form = useForm({ resolver: zodResolver(schema), defaultValues: defaults });
  const drafts = useListDrafts(form);
  const { errors } = form.formState;
  const type = useWatch({ control: form.control, name: "type" });
  const signsUsersIn = type !== "MachineToMachine";

  useEffect(() => {
    if (open) {
      form.reset(defaults);
      setFormError(null);
    }
  }, [open, form]);

  const create = useMutation(
    trpc.application.create.mutationOptions({
      onSuccess: async ({ application, secret }) => {
        toast.success(`Application ${application.name} created`);
        onOpenChange(false);
        await queryClient.invalidateQueries(trpc.application.list.pathFilter());
        if (secret) setCreated({ id: application.id, secret });
        else router.push(`/applications/${application.id}`);
      },
      onError: (error) =>
        setFormError(
          applyServerErrors(error, form.setError, [
            "name",
            "description",
            "redirectUris",
            "postLogoutRedirectUris",
            "accessTokenTtl",
            "refreshTokenTtl",
          ]),
        ),
    }),
  );

  // A redirect URI typed but not added is added on submit (and validated with the others).
  const onSubmit = drafts.submit(
    form.handleSubmit((values) => {
      setFormError(null);
      create.mutate({
        ...values,
        description: values.description?.trim() ? values.description : null,
        redirectUris: signsUsersIn ? values.redirectUris : [],
        postLogoutRedirectUris: signsUsersIn ? values.postLogoutRedirectUris : [],
      });
    }),
  );

  return (
    <>
      <Dialog open={open} onOpenChange={onOpenChange}>
        <DialogContent
          wide
          title="Create application"
          description="An application is a client of Guildhall: an app that signs users in through it (OpenID Connect), or a service that calls your APIs with its own credentials."
        >
          <form
            onSubmit={onSubmit}
            noValidate
            className="grid gap-4"
            aria-label="Create application"
          >
            <FormError message={formError} />
            <fieldset className="grid gap-2">
              <legend className="mb-1.5 text-sm font-medium">Type</legend>
              <Controller
                control={form.control}
                name="type"
                render={({ field }) => (
                  <div
                    className="grid gap-2 sm:grid-cols-2"
                    role="radiogroup"
                    aria-label="Application type"
                  >
                    {APPLICATION_TYPES.map((t) => (
                      <label
                        key={t.type}
                        className={cn(
                          "flex cursor-pointer gap-2 rounded-md border p-3 text-sm",
                          field.value === t.type
                            ? "border-primary bg-accent/40"
                            : "border-border hover:bg-muted",
                        )}
                      >
                        <input
                          type="radio"
                          name={field.name}
                          value={t.type}
                          checked={field.value === t.type}
                          onChange={() => field.onChange(t.type)}
                          className="mt-0.5"
                          data-testid={`type-${t.type}`}
                        />
                        <span className="grid gap-0.5">
                          <span className="font-medium">{t.label}</span>
                          <span className="text-xs text-muted-foreground">{t.explanation}</span>
                        </span>
                      </label>
                    ))}
                  </div>
                )}
              />
            </fieldset>
            <FormField label="Name" required error={errors.name?.message}>
              <Input
                placeholder="Acme web app"
                {...form.register("name")}
                data-testid="application-name"
              />
            </FormField>
            <FormField label="Description" error={errors.description?.message}>
              <Textarea rows={2} {...form.register("description")} />
            </FormField>
            {signsUsersIn ? (
              <>
                <FormField
                  label="Redirect URIs"
                  hint="Where Guildhall may send users back after sign-in, exactly as your app sends redirect_uri."
                  error={
                    typeof errors.redirectUris?.message === "string"
                      ? errors.redirectUris.message
                      : undefined
                  }
                >
                  <Controller
                    control={form.control}
                    name="redirectUris"
                    render={({ field }) => (
                      <UriListEditor
                        {...drafts.editor("redirectUris")}
                        label="Redirect URIs"
                        value={field.value ?? []}
                        onChange={field.onChange}
                        errors={rowErrors(errors.redirectUris)}
                      />
                    )}
                  />
                </FormField>
                <FormField
                  label="Post sign-out redirect URIs"
                  hint="Where users may land after signing out."
                >
                  <Controller
                    control={form.control}
                    name="postLogoutRedirectUris"
                    render={({ field }) => (
                      <UriListEditor
                        {...drafts.editor("postLogoutRedirectUris")}
                        label="Post sign-out redirect URIs"
                        placeholder="https://app.example.com/"
                        value={field.value ?? []}
                        onChange={field.onChange}
                        errors={rowErrors(errors.postLogoutRedirectUris)}
                      />
                    )}
                  />
                </FormField>
              </>
            ) : null}
            <div className="grid gap-4 sm:grid-cols-2">
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
              {signsUsersIn ? (
                <FormField
                  label="Refresh token lifetime (seconds)"
                  hint="Default 1209600 (14 days)."
                  error={errors.refreshTokenTtl?.message}
                >
                  <Input
                    type="number"
                    min={60}
                    {...form.register("refreshTokenTtl", { valueAsNumber: true })}
                  />
                </FormField>
              ) : null}
            </div>
            <DialogFooter>
              <DialogClose asChild>
                <Button variant="outline">Cancel</Button>
              </DialogClose>
              <Button type="submit" pending={create.isPending} data-testid="application-submit">
                Create application
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>
      <SecretDialog
        secret={created?.secret ?? null}
        clientId={created?.id ?? ""}
        onOpenChange={(o) => {
          if (!o && created) {
            router.push(`/applications/${created.id}`);
            setCreated(null);
          }
        }}
      />
    </>
  );
}
