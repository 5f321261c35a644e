"use client";

import type { MfaFactor } from "@guildhall/validators";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { KeyRound, Lock, MailCheck, ShieldOff, Trash2 } from "lucide-react";
import { useState } from "react";
import { useCurrentUser } from "@/components/shell/current-user";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ErrorState, Skeleton } from "@/components/ui/states";
import { toast } from "@/components/ui/toaster";
import { FACTOR_LABELS } from "@/features/sign-in-experience/factor-labels";
import { errorMessage } from "@/lib/errors";
import { formatDate, formatDateTime, list, plural } from "@/lib/format";
import { noEmailReason, userLabel } from "@/lib/user-label";
import { useTRPC } from "@/trpc/react";
import type { RouterOutputs } from "@/trpc/types";
import { VerificationBadge } from "./account-badges";

type User = RouterOutputs["user"]["get"];

const LOCKED =
  "This is a console admin's account: only console admins can send its password reset or remove its second factors.";

/** "Authenticator app", "Passkey “Laptop”", "Backup codes (7 left)". */
function factorLabel(f: MfaFactor): string {
  const name = f.name ? ` “${f.name}”` : "";
  const left = f.remainingCodes === undefined ? "" : ` (${f.remainingCodes} left)`;
  return `${FACTOR_LABELS[f.type]}${name}${left}`;
}

/**
 * Email verification, password reset and second factors, with the admin actions on them.
 * Core decides who may act (`user.access`): for a collaborator looking at a console admin's
 * account, the actions core would refuse are disabled with the reason.
 */
export function UserSecurity({ user }: { user: User }) {
  const trpc = useTRPC();
  const isAdmin = useCurrentUser().consoleRole === "admin";
  const factors = useQuery(trpc.user.mfaFactors.queryOptions({ userId: user.id }));
  const access = useQuery({
    ...trpc.user.access.queryOptions({ userId: user.id }),
    enabled: !isAdmin,
  });
  const locked = !isAdmin && access.data?.mayManageCredentials === false;
  return (
    <Card>
      <CardHeader
        title="Sign-in and security"
        description="How this user proves who they are. Emails go through the outbox (see Emails)."
      />
      {locked ? (
        <p
          className="mb-4 flex items-start gap-2 rounded-md border border-border bg-muted px-3 py-2 text-sm text-muted-foreground"
          data-testid="account-locked"
        >
          <Lock className="mt-0.5 size-4 shrink-0" aria-hidden />
          {LOCKED}
        </p>
      ) : null}
      <div className="grid gap-6">
        <EmailVerification user={user} />
        <PasswordReset user={user} locked={locked} />
        <section className="grid gap-3" aria-label="Second factors">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h3 className="text-sm font-medium">Second factors</h3>
            <ResetMfa user={user} factors={factors.data ?? []} locked={locked} />
          </div>
          {factors.isPending ? (
            <Skeleton className="h-16" />
          ) : factors.isError ? (
            <ErrorState
              message={errorMessage(factors.error)}
              onRetry={() => void factors.refetch()}
            />
          ) : factors.data.length === 0 ? (
            <p className="text-sm text-muted-foreground" data-testid="no-factors">
              None. An organization that requires MFA refuses this user's tokens until they add a
              factor on their account page.
            </p>
          ) : (
            <ul className="grid gap-2" data-testid="factor-list">
              {factors.data.map((f) => (
                <FactorRow key={f.id} user={user} factor={f} locked={locked} />
              ))}
            </ul>
          )}
        </section>
      </div>
    </Card>
  );
}

/** After a change to factors: the user's badges and the lists that show them. */
function useFactorsChanged(userId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries(trpc.user.mfaFactors.queryFilter({ userId })),
      queryClient.invalidateQueries(trpc.user.get.queryFilter({ id: userId })),
      queryClient.invalidateQueries(trpc.user.list.pathFilter()),
      queryClient.invalidateQueries(trpc.organization.member.list.pathFilter()),
    ]);
}

function EmailVerification({ user }: { user: User }) {
  const trpc = useTRPC();
  const noEmail = noEmailReason(user, "there is no address to verify");
  const send = useMutation(
    trpc.user.sendVerification.mutationOptions({
      onSuccess: () =>
        toast.success(
          `Verification email queued for ${user.email ?? ""}. Its code and link work for 10 minutes; earlier ones no longer do.`,
        ),
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  return (
    <div className="flex flex-wrap items-center justify-between gap-3">
      <div className="grid gap-1">
        <span className="flex items-center gap-2 text-sm font-medium">
          Email {user.email ? <VerificationBadge verified={user.emailVerified} /> : null}
        </span>
        <span className="text-xs text-muted-foreground">
          {user.email === null
            ? "This user has no email address."
            : user.emailVerified
              ? `${user.email} is verified.`
              : `${user.email} is not verified yet: tokens say email_verified: false.`}
        </span>
      </div>
      <Button
        variant="outline"
        size="sm"
        disabled={user.emailVerified || noEmail !== null}
        title={noEmail ?? (user.emailVerified ? "The address is already verified." : undefined)}
        pending={send.isPending}
        onClick={() => send.mutate({ userId: user.id })}
        data-testid="resend-verification"
      >
        <MailCheck aria-hidden />
        Resend verification email
      </Button>
    </div>
  );
}

function PasswordReset({ user, locked }: { user: User; locked: boolean }) {
  const trpc = useTRPC();
  const noEmail = noEmailReason(user, "no reset email can be sent: set a password instead");
  const send = useMutation(
    trpc.user.sendPasswordReset.mutationOptions({
      onSuccess: () =>
        toast.success(
          `Password reset email queued for ${user.email ?? ""}. The link works once, for 1 hour; their current password keeps working until they use it.`,
        ),
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  return (
    <div className="flex flex-wrap items-center justify-between gap-3">
      <div className="grid gap-1">
        <span className="text-sm font-medium">Password reset</span>
        <span className="text-xs text-muted-foreground">
          {noEmail ??
            "Emails the user a link to choose a new password. Using it signs them out everywhere."}
        </span>
      </div>
      <Button
        variant="outline"
        size="sm"
        disabled={locked || noEmail !== null}
        title={locked ? LOCKED : (noEmail ?? undefined)}
        pending={send.isPending}
        onClick={() => send.mutate({ userId: user.id })}
        data-testid="send-password-reset"
      >
        <KeyRound aria-hidden />
        Send password reset email
      </Button>
    </div>
  );
}

function FactorRow({ user, factor, locked }: { user: User; factor: MfaFactor; locked: boolean }) {
  const trpc = useTRPC();
  const changed = useFactorsChanged(user.id);
  const [confirming, setConfirming] = useState(false);
  const label = factorLabel(factor);
  const remove = useMutation(
    trpc.user.removeMfaFactor.mutationOptions({
      onSuccess: async () => {
        toast.success(`${label} removed from ${userLabel(user)}`);
        setConfirming(false);
        await changed();
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  return (
    <li
      className="flex flex-wrap items-center justify-between gap-2 rounded-md border border-border px-3 py-2"
      data-testid="factor-row"
    >
      <div className="grid gap-0.5">
        <span className="text-sm font-medium">{label}</span>
        <span className="text-xs text-muted-foreground">
          Added {formatDate(factor.createdAt)}
          {factor.lastUsedAt ? ` · last used ${formatDateTime(factor.lastUsedAt)}` : ""}
        </span>
      </div>
      <Button
        variant="ghost"
        size="sm"
        disabled={locked}
        title={locked ? LOCKED : undefined}
        onClick={() => setConfirming(true)}
        data-testid="remove-factor"
      >
        <Trash2 aria-hidden />
        Remove
      </Button>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={`Remove ${label}?`}
        description={`From ${userLabel(user)}'s account.`}
        impact={
          <p>
            It no longer works at sign-in. If it was their only factor, organizations that require
            MFA refuse their tokens until they add another.
          </p>
        }
        confirmLabel="Remove factor"
        pending={remove.isPending}
        onConfirm={() => remove.mutate({ userId: user.id, factorId: factor.id })}
      />
    </li>
  );
}

function ResetMfa({
  user,
  factors,
  locked,
}: {
  user: User;
  factors: MfaFactor[];
  locked: boolean;
}) {
  const trpc = useTRPC();
  const changed = useFactorsChanged(user.id);
  const [confirming, setConfirming] = useState(false);
  const reset = useMutation(
    trpc.user.resetMfa.mutationOptions({
      onSuccess: async () => {
        toast.success(
          `Every second factor of ${userLabel(user)} is removed. They can enrol again from their account page.`,
        );
        setConfirming(false);
        await changed();
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const none = factors.length === 0;
  return (
    <>
      <Button
        variant="outline"
        size="sm"
        disabled={locked || none}
        title={locked ? LOCKED : none ? "The user has no second factor." : undefined}
        onClick={() => setConfirming(true)}
        data-testid="reset-mfa"
      >
        <ShieldOff aria-hidden />
        Reset MFA
      </Button>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={`Reset MFA for ${userLabel(user)}?`}
        description="For a user who lost their phone or key. This cannot be undone."
        impact={
          <p>
            Removes {plural(factors.length, "factor")} ({list(factors.map(factorLabel))}). Until
            they enrol again they sign in without a second factor (or are asked to enrol first if
            MFA is required for everyone), and organizations that require MFA refuse their tokens.
          </p>
        }
        confirmLabel="Reset MFA"
        pending={reset.isPending}
        onConfirm={() => reset.mutate({ userId: user.id })}
      />
    </>
  );
}
