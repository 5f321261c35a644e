"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import {
  AUDIT_LOG_RETENTION_DAYS,
  EVENT_RETENTION_DAYS,
  instanceSettings,
  type InstanceSettings,
} from "@guildhall/validators";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useCurrentUser } from "@/components/shell/current-user";
import { SaveBar } from "@/components/ui/save-bar";
import { Card, CardHeader } from "@/components/ui/card";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { ErrorState, Skeleton } from "@/components/ui/states";
import { toast } from "@/components/ui/toaster";
import { applyServerErrors, errorMessage } from "@/lib/errors";
import { plural } from "@/lib/format";
import { useTRPC } from "@/trpc/react";

/** Where admins change the retention (the audit log page links here). */
export const RETENTION_SETTINGS_HREF = "/settings/retention";

/** The Data retention card: how many days audit entries and events are kept (admins change it). */
export function RetentionSettings() {
  const trpc = useTRPC();
  const query = useQuery(trpc.instanceSettings.get.queryOptions());
  return (
    <Card>
      <div id="retention" className="scroll-mt-6">
        <CardHeader
          title="Retention periods"
          description="Older audit entries and events are deleted at start and every 6 hours, a few thousand rows at a time."
        />
      </div>
      {query.isPending ? (
        <Skeleton className="h-32" />
      ) : query.isError ? (
        <ErrorState message={errorMessage(query.error)} onRetry={() => void query.refetch()} />
      ) : (
        <RetentionForm current={query.data} />
      )}
    </Card>
  );
}

function RetentionForm({ current }: { current: InstanceSettings }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const readOnly = useCurrentUser().consoleRole !== "admin";
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ resolver: zodResolver(instanceSettings), values: current });
  const { errors, isDirty } = form.formState;
  const mutation = useMutation(
    trpc.instanceSettings.update.mutationOptions({
      onSuccess: (saved) => {
        toast.success(
          `Retention saved: audit entries ${plural(saved.auditLogRetentionDays, "day")}, events ${plural(saved.eventRetentionDays, "day")}.`,
        );
        queryClient.setQueryData(trpc.instanceSettings.get.queryKey(), saved);
      },
      onError: (e) =>
        setFormError(
          applyServerErrors(e, form.setError, ["auditLogRetentionDays", "eventRetentionDays"]),
        ),
    }),
  );
  return (
    <form
      onSubmit={form.handleSubmit((values) => {
        setFormError(null);
        mutation.mutate(values);
      })}
      noValidate
      aria-label="Data retention"
      className="grid gap-4"
    >
      <FormError message={formError} />
      <fieldset disabled={readOnly} className="grid gap-4 sm:grid-cols-2">
        <FormField
          label="Audit log (days)"
          hint={
            <>
              {AUDIT_LOG_RETENTION_DAYS.min} to {AUDIT_LOG_RETENTION_DAYS.max}. What the{" "}
              <Link href="/audit-log" className="underline">
                audit log
              </Link>{" "}
              keeps.
            </>
          }
          error={errors.auditLogRetentionDays?.message}
        >
          <Input
            type="number"
            inputMode="numeric"
            min={AUDIT_LOG_RETENTION_DAYS.min}
            max={AUDIT_LOG_RETENTION_DAYS.max}
            {...form.register("auditLogRetentionDays", { valueAsNumber: true })}
            data-testid="retention-audit-days"
          />
        </FormField>
        <FormField
          label="Events (days)"
          hint={`${EVENT_RETENTION_DAYS.min} to ${EVENT_RETENTION_DAYS.max}. Events and their webhook deliveries; also how far back the event stream can resume.`}
          error={errors.eventRetentionDays?.message}
        >
          <Input
            type="number"
            inputMode="numeric"
            min={EVENT_RETENTION_DAYS.min}
            max={EVENT_RETENTION_DAYS.max}
            {...form.register("eventRetentionDays", { valueAsNumber: true })}
            data-testid="retention-event-days"
          />
        </FormField>
      </fieldset>
      {readOnly ? (
        <p className="text-sm text-muted-foreground">Only console admins can change retention.</p>
      ) : (
        <SaveBar
          dirty={isDirty}
          pending={mutation.isPending}
          onDiscard={() => form.reset(current)}
          saveLabel="Save retention"
          saveTestId="save-retention"
        />
      )}
    </form>
  );
}
