"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { createSsoConnectorInput, type SsoProviderName } from "@guildhall/validators";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import { cn } from "@/lib/cn";
import { applyServerErrors } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";

const schema = createSsoConnectorInput.pick({ providerName: true, connectorName: true });
const defaults = { providerName: "OIDC" as SsoProviderName, connectorName: "" };

/** Creates a connector by kind and name; its IdP settings are entered on its page next. */
export function CreateSsoConnectorDialog({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const providers = useQuery({ ...trpc.ssoConnector.providers.queryOptions(), enabled: open });
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
    trpc.ssoConnector.create.mutationOptions({
      onSuccess: async (connector) => {
        toast.success(`Connector ${connector.connectorName} created: now enter its IdP settings`);
        onOpenChange(false);
        await queryClient.invalidateQueries(trpc.ssoConnector.list.pathFilter());
        router.push(`/sso-connectors/${connector.id}`);
      },
      onError: (error) =>
        setFormError(
          applyServerErrors(error, form.setError, ["connectorName"], {
            "sso_connector.name_taken": "connectorName",
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
        wide
        title="Add SSO connector"
        description="Choose the protocol the company's identity provider speaks. You will enter its settings and email domains on the next page."
      >
        <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-label="Add SSO connector">
          <FormError message={formError} />
          <fieldset className="grid gap-2">
            <legend className="mb-1.5 text-sm font-medium">Protocol</legend>
            <Controller
              control={form.control}
              name="providerName"
              render={({ field }) => (
                <div className="grid gap-2 sm:grid-cols-2" role="radiogroup" aria-label="Protocol">
                  {(providers.data ?? []).map((p) => (
                    <label
                      key={p.providerName}
                      className={cn(
                        "flex cursor-pointer gap-2 rounded-md border p-3 text-sm",
                        field.value === p.providerName
                          ? "border-primary bg-accent/40"
                          : "border-border hover:bg-muted",
                      )}
                    >
                      <input
                        type="radio"
                        name={field.name}
                        value={p.providerName}
                        checked={field.value === p.providerName}
                        onChange={() => field.onChange(p.providerName)}
                        className="mt-0.5"
                        data-testid={`provider-${p.providerName}`}
                      />
                      <span className="grid gap-0.5">
                        <span className="font-medium">{p.name}</span>
                        <span className="text-xs text-muted-foreground">{p.description}</span>
                      </span>
                    </label>
                  ))}
                </div>
              )}
            />
          </fieldset>
          <FormField
            label="Connector name"
            required
            error={errors.connectorName?.message}
            hint="For you; users see the display name you can set later."
          >
            <Input
              placeholder="Acme Okta"
              {...form.register("connectorName")}
              data-testid="sso-connector-name"
            />
          </FormField>
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="outline">Cancel</Button>
            </DialogClose>
            <Button type="submit" pending={create.isPending} data-testid="sso-connector-submit">
              Add connector
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
