"use client";

import { MAX_WEBHOOK_HEADERS } from "@guildhall/validators";
import { Plus, X } from "lucide-react";
import { useId } from "react";
import { Controller, useFieldArray, type UseFormReturn } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { IconButton } from "@/components/ui/icon-button";
import { Input } from "@/components/ui/input";
import { Switch } from "@/components/ui/switch";
import { EventPicker } from "./event-picker";
import type { WebhookFormInput, WebhookFormValues } from "./webhook-form";

export type WebhookForm = UseFormReturn<WebhookFormInput, unknown, WebhookFormValues>;

/** Name, endpoint URL, events, custom headers and enabled: the create dialog and the settings tab. */
export function WebhookFields({ form }: { form: WebhookForm }) {
  const { errors } = form.formState;
  const enabledId = useId();
  return (
    <>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Name" required error={errors.name?.message}>
          <Input placeholder="Billing sync" {...form.register("name")} data-testid="webhook-name" />
        </FormField>
        <FormField
          label="Endpoint URL"
          required
          error={errors.url?.message}
          hint="Where Guildhall POSTs each event, as JSON."
        >
          <Input
            type="url"
            inputMode="url"
            placeholder="https://hooks.example.com/guildhall"
            {...form.register("url")}
            data-testid="webhook-url"
          />
        </FormField>
      </div>
      <Controller
        control={form.control}
        name="events"
        render={({ field }) => (
          <EventPicker
            value={field.value}
            onChange={field.onChange}
            error={errors.events?.message ?? errors.events?.root?.message}
          />
        )}
      />
      <HeadersEditor form={form} />
      <div className="flex items-start gap-2">
        <Controller
          control={form.control}
          name="enabled"
          render={({ field }) => (
            <Switch
              id={enabledId}
              checked={field.value}
              onCheckedChange={field.onChange}
              aria-describedby={`${enabledId}-hint`}
              data-testid="webhook-enabled"
            />
          )}
        />
        <div className="grid gap-0.5">
          <label htmlFor={enabledId} className="text-sm font-medium">
            Enabled
          </label>
          <p id={`${enabledId}-hint`} className="text-xs text-muted-foreground">
            A disabled webhook receives nothing; events that happen meanwhile are not sent later.
          </p>
        </div>
      </div>
    </>
  );
}

/** Custom request headers as key/value rows (e.g. an API key the receiver checks). */
function HeadersEditor({ form }: { form: WebhookForm }) {
  const { fields, append, remove } = useFieldArray({ control: form.control, name: "headers" });
  const hintId = useId();
  const errors = form.formState.errors.headers;
  const listError = errors?.root?.message ?? errors?.message;
  return (
    <fieldset className="grid gap-2" aria-describedby={hintId}>
      <legend className="mb-1.5 text-sm font-medium">Custom headers</legend>
      <p id={hintId} className="-mt-1 text-xs text-muted-foreground">
        Sent with every request, e.g. an API key your endpoint checks. Guildhall&apos;s own headers
        (content-type, the signature headers) cannot be replaced. At most {MAX_WEBHOOK_HEADERS}.
      </p>
      {fields.length > 0 ? (
        <ul className="grid gap-2" data-testid="webhook-headers">
          {fields.map((field, index) => {
            const nameError = errors?.[index]?.name?.message;
            const valueError = errors?.[index]?.value?.message;
            const errorId = `${hintId}-${field.id}-error`;
            return (
              <li key={field.id} className="grid gap-1">
                <div className="flex items-start gap-2">
                  <Input
                    aria-label={`Header ${index + 1} name`}
                    placeholder="X-Api-Key"
                    autoComplete="off"
                    aria-invalid={nameError ? true : undefined}
                    aria-describedby={nameError || valueError ? errorId : undefined}
                    className="font-mono sm:w-56 sm:flex-none"
                    {...form.register(`headers.${index}.name`)}
                  />
                  <Input
                    aria-label={`Header ${index + 1} value`}
                    placeholder="Value"
                    autoComplete="off"
                    aria-invalid={valueError ? true : undefined}
                    aria-describedby={nameError || valueError ? errorId : undefined}
                    className="font-mono"
                    {...form.register(`headers.${index}.value`)}
                  />
                  <IconButton label={`Remove header ${index + 1}`} onClick={() => remove(index)}>
                    <X aria-hidden />
                  </IconButton>
                </div>
                {nameError || valueError ? (
                  <p
                    id={errorId}
                    className="text-xs font-medium text-danger"
                    data-testid="field-error"
                  >
                    {[nameError, valueError].filter(Boolean).join(" ")}
                  </p>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
      {listError ? (
        <p className="text-xs font-medium text-danger" data-testid="field-error">
          {listError}
        </p>
      ) : null}
      <div>
        <Button
          variant="outline"
          size="sm"
          disabled={fields.length >= MAX_WEBHOOK_HEADERS}
          onClick={() => append({ name: "", value: "" }, { shouldFocus: true })}
          data-testid="add-webhook-header"
        >
          <Plus aria-hidden />
          Add header
        </Button>
      </div>
    </fieldset>
  );
}
