"use client";

import type { MfaFactorType } from "@guildhall/validators";
import { CheckCircle2 } from "lucide-react";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { ErrorState, Skeleton } from "@/components/ui/states";
import { errorMessage } from "@/lib/errors";
import { BackupCodes } from "./security/backup-codes";
import { PasskeyEnrollment } from "./security/passkey-enrollment";
import { TotpEnrollment } from "./security/totp-enrollment";
import { useMfaFactors } from "./security/use-mfa-factors";

/**
 * The enrolment a sign-in requires: add an authenticator app or a passkey, then continue to
 * where the sign-in was going. "Continue" stays off until a second factor exists.
 */
export function MfaSetup({
  offered,
  continueUrl,
}: {
  offered: MfaFactorType[];
  continueUrl: string;
}) {
  const { query, refresh } = useMfaFactors();
  if (query.isPending) return <Skeleton className="h-48" />;
  if (query.isError)
    return <ErrorState message={errorMessage(query.error)} onRetry={() => void query.refetch()} />;
  const factors = query.data;
  const secondFactors = factors.filter((f) => f.type !== "backup_codes");
  const backup = factors.find((f) => f.type === "backup_codes");
  const enrolled = secondFactors.length > 0;
  const hasTotp = factors.some((f) => f.type === "totp");
  const onEnrolled = () => void refresh();

  return (
    <div className="grid gap-6">
      {enrolled ? (
        <Card>
          <div className="flex items-start gap-3" role="status" data-testid="mfa-setup-done">
            <CheckCircle2 className="mt-0.5 size-5 shrink-0 text-success" aria-hidden />
            <div className="grid gap-1">
              <h2 className="font-semibold">Two-step verification is on</h2>
              <p className="text-sm text-muted-foreground">
                From now on, signing in asks for your second factor.
                {offered.includes("backup_codes") && !backup
                  ? " Save backup codes too, in case you lose your device."
                  : ""}
              </p>
            </div>
          </div>
          {offered.includes("backup_codes") ? (
            <div className="mt-4">
              <BackupCodes
                remaining={backup ? (backup.remainingCodes ?? 0) : null}
                onChanged={onEnrolled}
              />
            </div>
          ) : null}
        </Card>
      ) : (
        <Card>
          <CardHeader
            title="Choose a second factor"
            description="Use an authenticator app on your phone, or a passkey (your fingerprint, face, screen lock or a security key)."
          />
          <div className="grid gap-3">
            {offered.includes("totp") && !hasTotp ? (
              <TotpEnrollment onEnrolled={onEnrolled} />
            ) : null}
            {offered.includes("webauthn") ? <PasskeyEnrollment onEnrolled={onEnrolled} /> : null}
          </div>
        </Card>
      )}
      <div className="flex justify-end">
        {enrolled ? (
          <a
            href={continueUrl}
            className={buttonClasses("primary")}
            data-testid="mfa-setup-continue"
          >
            Continue
          </a>
        ) : (
          <Button disabled data-testid="mfa-setup-continue">
            Continue
          </Button>
        )}
      </div>
    </div>
  );
}
