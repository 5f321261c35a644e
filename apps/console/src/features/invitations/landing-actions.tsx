"use client";

import type { AcceptedInvitation } from "@guildhall/validators";
import { signUpWithInvitationInput } from "@guildhall/validators";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { applyServerErrors, errorMessage } from "@/lib/errors";
import { list } from "@/lib/format";
import { signOutOfConsole } from "@/lib/sign-out";
import { useTRPC } from "@/trpc/react";
import { signInNewAccount } from "@/features/sign-in/sign-in-new-account";
import { CONSOLE_ROLE_LABELS } from "./scope";
import { useHydratedForm } from "@/lib/use-hydrated";

/** Signed in as the invitee: accept or decline, then a confirmation. */
export function InvitationAnswer({ token }: { token: string }) {
  const trpc = useTRPC();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<{ accepted: AcceptedInvitation } | { declined: true } | null>(
    null,
  );
  const accept = useMutation(
    trpc.invitation.accept.mutationOptions({
      onSuccess: (accepted) => setDone({ accepted }),
      onError: (e) => setError(errorMessage(e)),
    }),
  );
  const decline = useMutation(
    trpc.invitation.decline.mutationOptions({
      onSuccess: () => setDone({ declined: true }),
      onError: (e) => setError(errorMessage(e)),
    }),
  );

  if (done && "declined" in done) {
    return (
      <p className="text-center text-sm" data-testid="invitation-declined">
        You declined the invitation. Nothing changed on your account.
      </p>
    );
  }
  if (done) {
    const { organization, organizationRoles, consoleRole } = done.accepted;
    return (
      <div className="grid gap-3 text-center" data-testid="invitation-accepted">
        <p className="text-base font-semibold">
          You joined {organization ? organization.name : "the Guildhall console"}
          {consoleRole ? ` as ${CONSOLE_ROLE_LABELS[consoleRole]}` : ""}.
        </p>
        {organizationRoles.length ? (
          <p className="text-sm text-muted-foreground">
            Your {organizationRoles.length === 1 ? "role" : "roles"}:{" "}
            <strong className="text-foreground">
              {list(organizationRoles.map((r) => r.name))}
            </strong>
          </p>
        ) : null}
        {organization ? (
          <>
            <p className="text-sm text-muted-foreground">
              You can now sign in to {organization.name}&apos;s apps with this account.
            </p>
            {/* A full load: the session is re-read on the next page anyway. */}
            <a
              className="font-medium text-primary underline-offset-4 hover:underline"
              href="/account/organizations"
              data-testid="invitation-continue"
            >
              See your organizations
            </a>
          </>
        ) : (
          <a
            className="font-medium text-primary underline-offset-4 hover:underline"
            href="/"
            data-testid="invitation-continue"
          >
            Open the console
          </a>
        )}
      </div>
    );
  }
  const pending = accept.isPending || decline.isPending;
  return (
    <div className="grid gap-3">
      <FormError message={error} />
      <Button
        onClick={() => accept.mutate({ token })}
        pending={accept.isPending}
        disabled={pending}
        data-testid="invitation-accept"
      >
        Accept invitation
      </Button>
      <Button
        variant="secondary"
        onClick={() => decline.mutate({ token })}
        pending={decline.isPending}
        disabled={pending}
        data-testid="invitation-decline"
      >
        Decline
      </Button>
    </div>
  );
}

/** Signed in as someone else: say so, and offer to switch (sign out, then sign in back to the link). */
export function SwitchAccount({
  currentEmail,
  invitee,
  callbackPath,
}: {
  currentEmail: string;
  invitee: string;
  callbackPath: string;
}) {
  const [pending, setPending] = useState(false);
  return (
    <div className="grid gap-3 text-center text-sm" data-testid="invitation-wrong-account">
      <p>
        You are signed in as <strong>{currentEmail}</strong>, but this invitation is for{" "}
        <strong>{invitee}</strong>.
      </p>
      <Button
        pending={pending}
        onClick={() => {
          setPending(true);
          void signOutOfConsole(callbackPath).then((done) => {
            if (!done) setPending(false);
          });
        }}
        data-testid="invitation-switch-account"
      >
        Switch account
      </Button>
    </div>
  );
}

/** Not signed in, no account yet: sign up with the invitee's email (verified by the link), then sign in. */
export function InvitationSignUp({
  token,
  invitee,
  signInHref,
}: {
  token: string;
  invitee: string;
  signInHref: string;
}) {
  const trpc = useTRPC();
  const [serverError, setServerError] = useState<string | null>(null);
  const form = useForm({
    resolver: zodResolver(signUpWithInvitationInput),
    defaultValues: { token, name: "", password: "" },
  });
  const signUp = useMutation(trpc.invitation.signUp.mutationOptions());
  const hydrated = useHydratedForm(form, "name");
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setServerError(null);
    try {
      await signUp.mutateAsync(values);
    } catch (error) {
      setServerError(applyServerErrors(error, form.setError, ["name", "password"]));
      return;
    }
    if (!(await signInNewAccount(invitee, values.password))) {
      setServerError("Your account was created, but signing in failed. Sign in to continue.");
      return;
    }
    // A full load, so the page renders again with the new session (Accept / Decline).
    window.location.assign(`/invite/${encodeURIComponent(token)}`);
  });

  return (
    <form method="post" onSubmit={onSubmit} noValidate aria-label="Create your account">
      <fieldset disabled={!hydrated} className="grid min-w-0 gap-4">
        <p className="text-center text-sm text-muted-foreground">Create your account to accept.</p>
        <FormError message={serverError} />
        {/* Fixed by the invitation, so text rather than a field that looks editable. */}
        <div className="grid gap-1">
          <p className="text-sm font-medium">Email</p>
          <p className="text-sm break-all" data-testid="invite-email">
            {invitee}
          </p>
          <p className="text-xs text-muted-foreground">
            The address this invitation was sent to; opening the link verified it.
          </p>
          {/* For password managers, which save the new password under this name. */}
          <input type="email" value={invitee} autoComplete="username" readOnly hidden />
        </div>
        <FormField label="Name" error={errors.name?.message}>
          <Input autoComplete="name" {...form.register("name")} />
        </FormField>
        <FormField label="Password" error={errors.password?.message}>
          <Input type="password" autoComplete="new-password" {...form.register("password")} />
        </FormField>
        <Button
          type="submit"
          pending={isSubmitting}
          className="w-full"
          data-testid="invite-sign-up"
        >
          Create account
        </Button>
        <p className="text-center text-sm">
          Already have an account?{" "}
          <a
            className="font-medium text-primary underline-offset-4 hover:underline"
            href={signInHref}
          >
            Sign in
          </a>
        </p>
      </fieldset>
    </form>
  );
}
