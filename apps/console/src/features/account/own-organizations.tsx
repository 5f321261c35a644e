import type { OwnOrganization, OwnPendingInvitation } from "@guildhall/validators";
import { Building2 } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/states";
import { formatDate, formatDateTime, list } from "@/lib/format";
import { CONSOLE_ROLE_LABELS } from "../invitations/scope";
import { LeaveOrganizationButton } from "./leave-organization-button";

const DEFAULT_COLOR = "#5b5bd6";

/** The organization's logo, or its initial on its branding colour. */
function OrganizationMark({ organization }: { organization: OwnOrganization }) {
  const { logoUrl } = organization.branding;
  const { primaryColor } = organization.color;
  if (logoUrl) {
    // Customer-provided logo URL: a plain img (no Next image optimisation for arbitrary hosts).
    return (
      <img
        src={logoUrl}
        alt={`${organization.name} logo`}
        className="size-10 shrink-0 rounded-md object-contain"
      />
    );
  }
  return (
    <div
      className="flex size-10 shrink-0 items-center justify-center rounded-md text-base font-semibold text-white"
      style={{ backgroundColor: primaryColor ?? DEFAULT_COLOR }}
      aria-hidden
    >
      {organization.name.slice(0, 1).toUpperCase()}
    </div>
  );
}

/** The signed-in user's memberships: name, branding, their roles, when they joined. Renders on the server. */
export function OwnOrganizationsList({ organizations }: { organizations: OwnOrganization[] }) {
  return (
    <Card>
      <CardHeader title="Memberships" />
      {organizations.length === 0 ? (
        <EmptyState
          icon={<Building2 />}
          title="You are not a member of any organization yet"
          description="When someone invites you to an organization, accept the invitation from the email and it shows up here."
        />
      ) : (
        <ul className="grid gap-3" aria-label="Your organizations">
          {organizations.map((o) => (
            <li
              key={o.id}
              className="flex items-start gap-3 rounded-md border border-border border-l-4 p-3"
              style={o.color.primaryColor ? { borderLeftColor: o.color.primaryColor } : undefined}
              data-testid="own-organization"
            >
              <OrganizationMark organization={o} />
              <div className="grid min-w-0 flex-1 gap-1">
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <h3 className="truncate font-semibold">{o.name}</h3>
                  <span className="text-xs text-muted-foreground">
                    Joined {formatDate(o.joinedAt)}
                  </span>
                </div>
                {o.description ? (
                  <p className="text-sm text-muted-foreground">{o.description}</p>
                ) : null}
                <div className="flex flex-wrap items-start justify-between gap-2">
                  {o.organizationRoles.length === 0 ? (
                    <p className="text-sm text-muted-foreground">Member, no roles</p>
                  ) : (
                    <ul className="flex flex-wrap gap-1" aria-label={`Your roles in ${o.name}`}>
                      {o.organizationRoles.map((r) => (
                        <li key={r.id}>
                          <Badge tone="primary">{r.name}</Badge>
                        </li>
                      ))}
                    </ul>
                  )}
                  <LeaveOrganizationButton organizationId={o.id} organizationName={o.name} />
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

/** Invitations waiting for the user; answered through the emailed link (only its hash is kept here). */
export function OwnPendingInvitations({ invitations }: { invitations: OwnPendingInvitation[] }) {
  if (invitations.length === 0) return null;
  return (
    <Card>
      <CardHeader
        title="Pending invitations"
        description="Open the link in the invitation email to accept or decline."
      />
      <ul className="grid gap-2 text-sm" aria-label="Pending invitations">
        {invitations.map((i) => {
          const roles = i.consoleRole
            ? CONSOLE_ROLE_LABELS[i.consoleRole]
            : i.organizationRoles.length
              ? list(i.organizationRoles)
              : null;
          return (
            <li
              key={i.id}
              className="rounded-md border border-border px-3 py-2"
              data-testid="own-pending-invitation"
            >
              <div className="font-medium">
                {i.organization ? i.organization.name : "The Guildhall console"}
                {roles ? (
                  <span className="font-normal text-muted-foreground"> as {roles}</span>
                ) : null}
              </div>
              <div className="text-xs text-muted-foreground">
                {i.inviter ? `From ${i.inviter.name ?? i.inviter.email}. ` : ""}Expires{" "}
                {formatDateTime(i.expiresAt)}.
              </div>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
