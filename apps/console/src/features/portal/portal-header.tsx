import type { MyOrganization } from "@guildhall/validators";
import Link from "next/link";
import { Logo } from "@/components/logo";
import { SignOutButton } from "@/components/sign-out-button";
import type { SessionUser } from "@/auth/session-user";
import { userIdentifier } from "@/lib/user-label";
import { OrganizationMark } from "./organization-mark";

// Text links stay in the text color: an organization's brand color (the primary) is often too
// light to read as text on white, and it is its choice, not ours.
const linkClass = "font-medium text-foreground underline underline-offset-4 hover:text-primary";

/** The signed-in user's links (their organizations, account, console) and sign-out. */
function UserLinks({ user }: { user: SessionUser }) {
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm">
      <Link className={linkClass} href="/portal">
        Your organizations
      </Link>
      <Link className={linkClass} href="/account">
        Account
      </Link>
      {user.consoleRole ? (
        <a className={linkClass} href="/">
          Console
        </a>
      ) : null}
      <span className="text-muted-foreground" data-testid="portal-user">
        {userIdentifier(user)}
      </span>
      <SignOutButton variant="outline" />
    </div>
  );
}

/** The portal's header on an organization's page: its logo and name, in its colors. */
export function PortalOrganizationHeader({
  organization,
  user,
}: {
  organization: MyOrganization;
  user: SessionUser;
}) {
  return (
    <header className="border-b border-border bg-card">
      <div className="h-1 bg-primary" aria-hidden />
      <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-3 px-4 py-3">
        <div className="flex min-w-0 items-center gap-3">
          <OrganizationMark
            name={organization.name}
            branding={organization.branding}
            color={organization.color}
          />
          <div className="grid min-w-0">
            <h1 className="truncate text-lg font-semibold" data-testid="portal-organization-name">
              {organization.name}
            </h1>
            <p className="text-xs text-muted-foreground">Organization portal</p>
          </div>
        </div>
        <UserLinks user={user} />
      </div>
    </header>
  );
}

/** The portal's header off any organization (the organization list, a page one may not see). */
export function PortalHeader({ user }: { user: SessionUser }) {
  return (
    <header className="border-b border-border bg-card">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-3 px-4 py-3">
        <Logo />
        <UserLinks user={user} />
      </div>
    </header>
  );
}
