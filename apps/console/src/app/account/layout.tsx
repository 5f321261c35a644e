import type { Metadata } from "next";
import type { ReactNode } from "react";
import { requireSignedIn } from "@/auth/require-signed-in";
import { Logo } from "@/components/logo";
import { SignOutButton } from "@/components/sign-out-button";
import { userIdentifier } from "@/lib/user-label";
import { AccountNav } from "@/features/account/account-nav";

export const metadata: Metadata = { robots: { index: false } };

/**
 * The account pages (profile, security, sessions, organizations): for every signed-in user,
 * console member or not, so they live outside the console layout (which sends non-members
 * to /no-access).
 */
export default async function AccountLayout({ children }: { children: ReactNode }) {
  const user = await requireSignedIn();
  return (
    <div className="min-h-dvh bg-muted/40">
      <header className="border-b border-border bg-card">
        <div className="mx-auto flex max-w-3xl flex-wrap items-center justify-between gap-3 px-4 py-3">
          <Logo />
          <div className="flex flex-wrap items-center gap-3 text-sm">
            {user.consoleRole ? (
              <a className="font-medium text-primary underline-offset-4 hover:underline" href="/">
                Open the console
              </a>
            ) : null}
            <span className="text-muted-foreground" data-testid="account-email">
              {userIdentifier(user)}
            </span>
            <SignOutButton variant="outline" />
          </div>
        </div>
      </header>
      <div className="mx-auto max-w-3xl px-4 pt-6">
        <AccountNav />
      </div>
      <main className="mx-auto grid max-w-3xl gap-6 px-4 py-8">{children}</main>
    </div>
  );
}
