import type { InvitationLanding } from "@guildhall/validators";
import { formatDateTime, list } from "@/lib/format";
import { CONSOLE_ROLE_LABELS } from "./scope";

type Pending = Extract<InvitationLanding, { state: "pending" }>;

/** Who invites whom into what, with which roles, until when. Renders on the server. */
export function InvitationSummary({ landing }: { landing: Pending }) {
  const org = landing.organization;
  const inviter = landing.inviter ? (landing.inviter.name ?? landing.inviter.email) : null;
  const target = org ? org.name : "the Guildhall console";
  const consoleRole = landing.consoleRole ? CONSOLE_ROLE_LABELS[landing.consoleRole] : null;
  return (
    <div className="grid gap-4 text-center" data-testid="invitation-summary">
      {org?.logoUrl ? (
        // Customer-provided logo URL: a plain img (no Next image optimisation for arbitrary hosts).
        <picture>
          {org.darkLogoUrl && org.isDarkModeEnabled !== false ? (
            <source srcSet={org.darkLogoUrl} media="(prefers-color-scheme: dark)" />
          ) : null}
          <img
            src={org.logoUrl}
            alt={`${org.name} logo`}
            className="mx-auto h-12 w-auto object-contain"
          />
        </picture>
      ) : (
        <div
          className="mx-auto flex size-12 items-center justify-center rounded-lg text-lg font-semibold text-white"
          style={{ backgroundColor: org?.primaryColor ?? "#5b5bd6" }}
          aria-hidden
        >
          {(org ? org.name : "Guildhall").slice(0, 1).toUpperCase()}
        </div>
      )}
      <div className="grid gap-1">
        <h1 className="text-xl font-semibold">
          Join {target}
          {consoleRole ? ` as ${consoleRole}` : ""}
        </h1>
        <p className="text-sm text-muted-foreground">
          {inviter ? (
            <>
              <strong className="text-foreground">{inviter}</strong> invited{" "}
              <strong className="text-foreground">{landing.invitee}</strong>
            </>
          ) : (
            <>
              <strong className="text-foreground">{landing.invitee}</strong> is invited
            </>
          )}
          .
        </p>
      </div>
      <dl className="grid gap-1 text-sm">
        <div>
          <dt className="inline text-muted-foreground">
            {consoleRole
              ? "Console role: "
              : landing.organizationRoles.length === 1
                ? "Role: "
                : "Roles: "}
          </dt>
          <dd className="inline font-medium" data-testid="invitation-roles">
            {consoleRole ??
              (landing.organizationRoles.length
                ? list(landing.organizationRoles)
                : "member, no roles")}
          </dd>
        </div>
        <div>
          <dt className="inline text-muted-foreground">Expires: </dt>
          <dd className="inline">{formatDateTime(landing.expiresAt)}</dd>
        </div>
      </dl>
    </div>
  );
}
