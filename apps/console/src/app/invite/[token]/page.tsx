import { getInvitationLanding } from "@guildhall/core";
import { getDb } from "@guildhall/db/client";
import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Logo } from "@/components/logo";
import { OrganizationTheme } from "@/components/organization-theme";
import { getSessionUser } from "@/auth/session";
import { publicBaseUrl } from "@/env";
import { safeRedirectTarget } from "@/lib/urls";
import { userIdentifier } from "@/lib/user-label";
import {
  InvitationAnswer,
  InvitationSignUp,
  SwitchAccount,
} from "@/features/invitations/landing-actions";
import { InvitationSummary } from "@/features/invitations/invitation-summary";

export const metadata: Metadata = { title: "Invitation", robots: { index: false } };
// The token is a credential: never cache a render of it.
export const dynamic = "force-dynamic";

const ended = {
  expired: {
    title: "This invitation has expired",
    body: "Ask the person who invited you to send a new one.",
  },
  revoked: {
    title: "This invitation was withdrawn",
    body: "It can no longer be used. Ask for a new one if you still need access.",
  },
  accepted: {
    title: "This invitation has already been used",
    body: "It was accepted. If that was you, sign in to continue.",
  },
  declined: {
    title: "This invitation was declined",
    body: "It can no longer be used. Ask for a new one if you changed your mind.",
  },
  not_found: {
    title: "This invitation link is not valid",
    body: "Check that you opened the whole link from the email, or ask for a new invitation.",
  },
} as const;

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const user = await getSessionUser();
  // Core decides who may answer (`landing.viewer`); the page only renders that.
  const landing = await getInvitationLanding(
    { db: getDb(), actor: user ? { type: "user", userId: user.id } : { type: "system" } },
    { token },
  );
  if (landing.state !== "pending") {
    const { title, body } = ended[landing.state];
    return (
      <Frame>
        <div
          className="grid gap-2 text-center"
          data-testid="invitation-ended"
          data-state={landing.state}
        >
          <h1 className="text-xl font-semibold">{title}</h1>
          <p className="text-sm text-muted-foreground">{body}</p>
        </div>
      </Frame>
    );
  }

  // Where sign-in and "switch account" come back to: this page, with the token encoded
  // (it is input) and through the one redirect check.
  const self = safeRedirectTarget(`/invite/${encodeURIComponent(token)}`, publicBaseUrl());
  const signInHref = `/sign-in?callbackUrl=${encodeURIComponent(self)}`;
  let action: ReactNode;
  switch (landing.viewer) {
    case "invitee":
      action = <InvitationAnswer token={token} />;
      break;
    case "other_account":
      action = (
        <SwitchAccount
          currentEmail={user ? userIdentifier(user) : ""}
          invitee={landing.invitee}
          callbackPath={self}
        />
      );
      break;
    case "sign_in":
      action = (
        <div className="grid gap-2 text-center text-sm">
          <p>
            You already have an account for <strong>{landing.invitee}</strong>.
          </p>
          <a
            className="font-medium text-primary underline-offset-4 hover:underline"
            href={signInHref}
            data-testid="invite-sign-in"
          >
            Sign in to accept
          </a>
        </div>
      );
      break;
    case "sign_up":
      action = <InvitationSignUp token={token} invitee={landing.invitee} signInHref={signInHref} />;
      break;
  }

  const org = landing.organization;
  return (
    <Frame accent={org?.primaryColor ?? null}>
      {org ? (
        <OrganizationTheme
          primaryColor={org.primaryColor}
          darkPrimaryColor={org.darkPrimaryColor}
          isDarkModeEnabled={org.isDarkModeEnabled}
          favicon={org.favicon}
          darkFavicon={org.darkFavicon}
          customCss={org.customCss}
        />
      ) : null}
      <InvitationSummary landing={landing} />
      {action}
    </Frame>
  );
}

function Frame({ children, accent = null }: { children: ReactNode; accent?: string | null }) {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-6 bg-muted/40 px-4 py-10">
      <Logo />
      <div
        className="grid w-full max-w-md gap-6 rounded-xl border border-border border-t-4 bg-card p-6 shadow-sm"
        style={accent ? { borderTopColor: accent } : undefined}
      >
        {children}
      </div>
    </main>
  );
}
