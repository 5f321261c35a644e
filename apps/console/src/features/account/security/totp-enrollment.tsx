"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { totpCode } from "@guildhall/validators";
import { useMutation } from "@tanstack/react-query";
import { Smartphone } from "lucide-react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { CopyButton } from "@/features/applications/copy-button";
import { applyServerErrors, errorMessage } from "@/lib/errors";
import { svgDataUrl } from "@/lib/svg-data-url";
import { useTRPC } from "@/trpc/react";
import type { RouterOutputs } from "@/trpc/types";

type Enrollment = RouterOutputs["account"]["mfa"]["totp"]["start"];

const codeForm = z.object({ code: totpCode });

/** Adding an authenticator app: scan the QR code (or type the key), then prove it with a code. */
export function TotpEnrollment({ onEnrolled }: { onEnrolled: () => void }) {
  const trpc = useTRPC();
  const start = useMutation(trpc.account.mfa.totp.start.mutationOptions());
  const [enrollment, setEnrollment] = useState<Enrollment | null>(null);
  const [startError, setStartError] = useState<string | null>(null);

  if (!enrollment)
    return (
      <div className="grid gap-2">
        <FormError message={startError} />
        <div>
          <Button
            variant="outline"
            pending={start.isPending}
            onClick={() => {
              setStartError(null);
              start.mutate(undefined, {
                onSuccess: setEnrollment,
                onError: (error) => setStartError(errorMessage(error)),
              });
            }}
            data-testid="totp-start"
          >
            <Smartphone aria-hidden />
            Add authenticator app
          </Button>
        </div>
      </div>
    );
  return (
    <TotpConfirm
      enrollment={enrollment}
      onCancel={() => setEnrollment(null)}
      onEnrolled={() => {
        setEnrollment(null);
        onEnrolled();
      }}
    />
  );
}

function TotpConfirm({
  enrollment,
  onCancel,
  onEnrolled,
}: {
  enrollment: Enrollment;
  onCancel: () => void;
  onEnrolled: () => void;
}) {
  const trpc = useTRPC();
  const confirm = useMutation(trpc.account.mfa.totp.confirm.mutationOptions());
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ resolver: zodResolver(codeForm), defaultValues: { code: "" } });
  const onSubmit = form.handleSubmit((values) => {
    setFormError(null);
    confirm.mutate(values, {
      onSuccess: onEnrolled,
      onError: (error) =>
        setFormError(
          applyServerErrors(error, form.setError, ["code"], { "mfa.invalid_code": "code" }),
        ),
    });
  });
  return (
    <div className="grid gap-4 rounded-md border border-border p-4" data-testid="totp-enrollment">
      <h3 className="font-semibold">Add an authenticator app</h3>
      <ol className="grid list-decimal gap-1 pl-5 text-sm text-muted-foreground">
        <li>Open an authenticator app (1Password, Google Authenticator, Authy…).</li>
        <li>Scan the QR code, or enter the setup key by hand.</li>
        <li>Type the 6-digit code the app shows.</li>
      </ol>
      <div className="flex flex-wrap items-start gap-4">
        {/* Rendered as an image, never inline: see svgDataUrl. */}
        <img
          src={svgDataUrl(enrollment.qrCodeSvg)}
          alt="QR code to add Guildhall to your authenticator app"
          width={176}
          height={176}
          className="rounded-md border border-border bg-white p-2"
          data-testid="totp-qr"
        />
        <dl className="grid min-w-0 flex-1 gap-1.5">
          <dt className="text-sm font-medium">Setup key</dt>
          <dd className="flex min-w-0 items-center gap-2">
            <code
              className="min-w-0 flex-1 rounded-md border border-border bg-muted px-2.5 py-1.5 font-mono text-xs break-all"
              data-testid="totp-secret"
            >
              {enrollment.secret}
            </code>
            <CopyButton value={enrollment.secret} label="Copy setup key" />
          </dd>
        </dl>
      </div>
      <form
        onSubmit={onSubmit}
        noValidate
        className="grid gap-3"
        aria-label="Confirm authenticator app"
      >
        <FormError message={formError} />
        <FormField label="Authentication code" error={form.formState.errors.code?.message}>
          <Input
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={9}
            autoFocus
            {...form.register("code")}
          />
        </FormField>
        <div className="flex justify-end gap-2">
          <Button variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" pending={confirm.isPending} data-testid="totp-confirm">
            Turn on
          </Button>
        </div>
      </form>
    </div>
  );
}
