"use client";

import { BUILT_IN_PERMISSIONS, type BuiltInPermission } from "@guildhall/validators";
import { useQuery } from "@tanstack/react-query";
import { ErrorState, Skeleton } from "@/components/ui/states";
import { domainCode, errorMessage } from "@/lib/errors";
import { useTRPC } from "@/trpc/react";
import { AuditSection } from "./audit-section";
import { DomainsSection } from "./domains-section";
import { InvitationsSection } from "./invitations-section";
import { LeaveSection } from "./leave-section";
import { MembersSection } from "./members-section";
import { MembershipRequestsSection } from "./membership-requests-section";
import { NotAMember } from "./not-a-member";
import { OverviewSection } from "./overview-section";
import { SettingsSection } from "./settings-section";

const P = BUILT_IN_PERMISSIONS;

/**
 * An organization's portal: the sections the member's roles open, read now from core
 * (`portal.access`), so a role change shows at once. Every call is checked again by core.
 */
export function PortalOrganization({
  organizationId,
  userId,
}: {
  organizationId: string;
  userId: string;
}) {
  const trpc = useTRPC();
  const access = useQuery(trpc.portal.access.queryOptions({ organizationId }));
  if (access.isPending)
    return (
      <div className="grid gap-6" role="status" aria-label="Loading">
        <Skeleton className="h-32" />
        <Skeleton className="h-64" />
      </div>
    );
  if (access.isError) {
    // Removed (or left in another tab) since the page was rendered.
    if (domainCode(access.error) === "auth.forbidden") return <NotAMember />;
    return (
      <ErrorState message={errorMessage(access.error)} onRetry={() => void access.refetch()} />
    );
  }
  const organization = access.data;
  const held = new Set(organization.permissions);
  const can = (permission: BuiltInPermission) => held.has(permission);
  const sections = [
    { id: "overview", label: "Overview", shown: true },
    { id: "members", label: "Members", shown: can(P.membersRead) },
    {
      id: "invitations",
      label: "Invitations",
      shown: can(P.invitationsManage) || can(P.membersInvite),
    },
    { id: "requests", label: "Requests", shown: can(P.membersInvite) },
    { id: "settings", label: "Settings", shown: can(P.organizationUpdate) },
    { id: "domains", label: "Domains", shown: can(P.domainsManage) },
    { id: "audit", label: "Audit log", shown: can(P.auditRead) },
    { id: "leave", label: "Leave", shown: true },
  ].filter((s) => s.shown);

  return (
    <div className="grid gap-6 lg:grid-cols-[10rem_minmax(0,1fr)] lg:items-start">
      <nav aria-label="Sections" className="lg:sticky lg:top-6">
        <ul className="-mx-1 flex gap-1 overflow-x-auto px-1 pb-1 lg:flex-col lg:overflow-visible">
          {sections.map((s) => (
            <li key={s.id} className="shrink-0">
              <a
                href={`#${s.id}`}
                className="block rounded-md px-2.5 py-1.5 text-sm font-medium text-muted-foreground hover:bg-muted hover:text-foreground focus-visible:outline-2 focus-visible:outline-ring"
              >
                {s.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="grid min-w-0 gap-6">
        <OverviewSection organization={organization} />
        {can(P.membersRead) ? (
          <MembersSection
            organizationId={organizationId}
            userId={userId}
            canChangeRoles={can(P.membersRoles)}
            canRemove={can(P.membersRemove)}
          />
        ) : null}
        {can(P.invitationsManage) || can(P.membersInvite) ? (
          <InvitationsSection
            organizationId={organizationId}
            organizationName={organization.name}
            canInvite={can(P.membersInvite)}
            canManage={can(P.invitationsManage)}
          />
        ) : null}
        {can(P.membersInvite) ? (
          <MembershipRequestsSection organizationId={organizationId} />
        ) : null}
        {can(P.organizationUpdate) ? <SettingsSection organizationId={organizationId} /> : null}
        {can(P.domainsManage) ? <DomainsSection organizationId={organizationId} /> : null}
        {can(P.auditRead) ? <AuditSection organizationId={organizationId} /> : null}
        <LeaveSection organizationId={organizationId} organizationName={organization.name} />
      </div>
    </div>
  );
}
