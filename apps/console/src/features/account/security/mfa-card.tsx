"use client";

import type { MfaFactorType } from "@guildhall/validators";
import { useMutation } from "@tanstack/react-query";
import { KeyRound, ListChecks, Smartphone } from "lucide-react";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ErrorState, Skeleton } from "@/components/ui/states";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/errors";
import { formatDate, formatDateTime, plural } from "@/lib/format";
import { useTRPC } from "@/trpc/react";
import type { RouterOutputs } from "@/trpc/types";
import { BackupCodes } from "./backup-codes";
import { PasskeyEnrollment } from "./passkey-enrollment";
import { TotpEnrollment } from "./totp-enrollment";
import { useMfaFactors } from "./use-mfa-factors";

type Factor = RouterOutputs["account"]["mfa"]["list"][number];

const ICONS = { totp: Smartphone, webauthn: KeyRound, backup_codes: ListChecks } as const;

function factorTitle(factor: Factor): string {
  switch (factor.type) {
    case "totp":
      return "Authenticator app";
    case "webauthn":
      return factor.name ? `Passkey: ${factor.name}` : "Passkey";
    case "backup_codes":
      return "Backup codes";
  }
}

/** Two-step verification on the Security page: the user's factors, adding and removing them. */
export function MfaCard({ offered }: { offered: MfaFactorType[] }) {
  const { query, refresh } = useMfaFactors();
  const factors = query.data ?? [];
  const hasTotp = factors.some((f) => f.type === "totp");
  const backup = factors.find((f) => f.type === "backup_codes");
  const secondFactors = factors.filter((f) => f.type !== "backup_codes");

  return (
    <Card>
      <CardHeader
        title="Two-step verification"
        description="After your password, sign-in asks for one of these. A passkey also signs you in without a password."
        action={
          query.data ? (
            secondFactors.length > 0 ? (
              <Badge tone="success">On</Badge>
            ) : (
              <Badge tone="neutral">Off</Badge>
            )
          ) : null
        }
      />
      {query.isPending ? (
        <Skeleton className="h-24" />
      ) : query.isError ? (
        <ErrorState message={errorMessage(query.error)} onRetry={() => void query.refetch()} />
      ) : (
        <div className="grid gap-5">
          {factors.length > 0 ? (
            <ul className="grid gap-2" aria-label="Your second factors">
              {factors.map((factor) => (
                <FactorRow
                  key={factor.id}
                  factor={factor}
                  last={secondFactors.length === 1 && factor.type !== "backup_codes"}
                  onRemoved={() => void refresh()}
                />
              ))}
            </ul>
          ) : (
            <p className="text-sm text-muted-foreground">
              You have no second factor yet. Add one to protect your account if your password leaks.
            </p>
          )}
          <div className="grid gap-3">
            {offered.includes("totp") && !hasTotp ? (
              <TotpEnrollment
                onEnrolled={() => {
                  toast.success("Authenticator app added");
                  void refresh();
                }}
              />
            ) : null}
            {offered.includes("webauthn") ? (
              <PasskeyEnrollment
                onEnrolled={() => {
                  toast.success("Passkey added");
                  void refresh();
                }}
              />
            ) : null}
            {offered.includes("backup_codes") && secondFactors.length > 0 ? (
              <BackupCodes
                remaining={backup ? (backup.remainingCodes ?? 0) : null}
                onChanged={() => void refresh()}
              />
            ) : null}
          </div>
        </div>
      )}
    </Card>
  );
}

function FactorRow({
  factor,
  last,
  onRemoved,
}: {
  factor: Factor;
  /** The only factor other than backup codes: removing it turns two-step verification off. */
  last: boolean;
  onRemoved: () => void;
}) {
  const trpc = useTRPC();
  const remove = useMutation(trpc.account.mfa.remove.mutationOptions());
  const [confirming, setConfirming] = useState(false);
  const Icon = ICONS[factor.type];
  const title = factorTitle(factor);
  return (
    <li
      className="flex flex-wrap items-center justify-between gap-3 rounded-md border border-border px-3 py-2"
      data-testid="mfa-factor"
      data-type={factor.type}
    >
      <div className="flex min-w-0 items-center gap-3">
        <Icon className="size-5 shrink-0 text-muted-foreground" aria-hidden />
        <div className="grid min-w-0 gap-0.5">
          <h3 className="truncate text-sm font-medium">{title}</h3>
          <p className="text-xs text-muted-foreground">
            Added {formatDate(factor.createdAt)}
            {factor.lastUsedAt ? ` · Last used ${formatDateTime(factor.lastUsedAt)}` : ""}
            {factor.type === "backup_codes" && factor.remainingCodes !== undefined
              ? ` · ${plural(factor.remainingCodes, "code")} left`
              : ""}
          </p>
        </div>
      </div>
      <Button
        variant="outline"
        size="sm"
        aria-label={`Remove ${title}`}
        onClick={() => setConfirming(true)}
      >
        Remove
      </Button>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={`Remove ${title}?`}
        description="You can add it again later."
        impact={
          last
            ? "It is your only second factor: two-step verification turns off, and your backup codes go with it."
            : "Sign-in stops accepting it."
        }
        confirmLabel="Remove"
        pending={remove.isPending}
        onConfirm={() =>
          remove.mutate(
            { factorId: factor.id },
            {
              onSuccess: () => {
                setConfirming(false);
                toast.success(`${title} removed`);
                onRemoved();
              },
              onError: (error) => {
                setConfirming(false);
                toast.error(errorMessage(error));
              },
            },
          )
        }
      />
    </li>
  );
}
