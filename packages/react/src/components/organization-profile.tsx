import { useState } from "react";
import { useOrganization } from "../hooks/use-organization.ts";
import { useOrganizationList } from "../hooks/use-organization-list.ts";
import { usePermissions } from "../hooks/use-permissions.ts";
import { GUILDHALL_PERMISSIONS as P } from "../permissions.ts";
import { useGuildhall } from "../provider.tsx";
import { ErrorRegion } from "./feedback.tsx";
import { InvitationsPanel } from "./invitations-panel.tsx";
import { MembersPanel } from "./members-panel.tsx";
import { parts, rootProps, type StyleProps } from "./styles.ts";
import { Tabs, type TabDefinition } from "./tabs.tsx";

export type OrganizationProfileTab = "members" | "invitations";

export interface OrganizationProfileProps extends StyleProps {
  /** The tab shown first, when the user may see it. Default: the first they may see. */
  defaultTab?: OrganizationProfileTab;
  /** Members and invitations per page. Default 20. */
  pageSize?: number;
}

/**
 * The current organization, run by its own members: **Members** (list and search with
 * `guildhall:members:read`; change roles with `guildhall:members:roles`, only to roles the
 * user may grant; remove with `guildhall:members:remove`) and **Invitations** (invite, resend
 * with `guildhall:members:invite`; list, revoke with `guildhall:invitations:manage`). A control
 * shows only to members holding its permission; Guildhall checks again on every call.
 *
 * @example
 * <OrganizationProfile defaultTab="invitations" />
 */
export function OrganizationProfile(props: OrganizationProfileProps) {
  const { pageSize = 20 } = props;
  const { organizationId } = useGuildhall();
  const { organization, error: organizationError, reload: reloadOrganization } = useOrganization();
  const permissions = usePermissions();
  const { organizations } = useOrganizationList();
  const [chosen, setChosen] = useState<OrganizationProfileTab | undefined>(props.defaultTab);
  const part = parts(props.unstyled);

  if (organizationId === null) {
    return (
      <section {...rootProps("organization-profile", props)} aria-label="Organization">
        <p {...part("muted")}>Choose an organization to see its members and invitations.</p>
      </section>
    );
  }

  // The list already has the name while the profile loads.
  const listed = organizations?.find((o) => o.id === organizationId);
  const displayName = organization?.name ?? listed?.name ?? "this organization";
  const { has } = permissions;
  const tabs: TabDefinition<OrganizationProfileTab>[] = [];
  if (has(P.membersRead))
    tabs.push({
      id: "members",
      label: "Members",
      panel: (
        <MembersPanel
          organizationName={displayName}
          canChangeRoles={has(P.membersRoles)}
          canRemove={has(P.membersRemove)}
          pageSize={pageSize}
          unstyled={props.unstyled}
        />
      ),
    });
  if (has(P.membersInvite) || has(P.invitationsManage))
    tabs.push({
      id: "invitations",
      label: "Invitations",
      panel: (
        <InvitationsPanel
          organizationName={displayName}
          canInvite={has(P.membersInvite)}
          canManage={has(P.invitationsManage)}
          pageSize={pageSize}
          unstyled={props.unstyled}
        />
      ),
    });
  const selected = tabs.find((tab) => tab.id === chosen)?.id ?? tabs[0]?.id;

  let content;
  if (permissions.error) {
    content = (
      <ErrorRegion error={permissions.error} unstyled={props.unstyled}>
        <button type="button" {...part("button")} onClick={() => void permissions.reload()}>
          Try again
        </button>
      </ErrorRegion>
    );
  } else if (permissions.loading && !permissions.isMember) {
    content = <p {...part("muted")}>Loading your permissions…</p>;
  } else if (!permissions.isMember) {
    content = (
      <p {...part("muted")}>
        You are not a member of this organization. Choose one of your organizations.
      </p>
    );
  } else if (selected === undefined) {
    content = (
      <p {...part("muted")}>
        Your roles in {displayName} give you nothing to manage here. An admin of {displayName} can
        give you a role that does.
      </p>
    );
  } else {
    content = (
      <Tabs
        label={`Manage ${displayName}`}
        tabs={tabs}
        selected={selected}
        onSelect={setChosen}
        unstyled={props.unstyled}
      />
    );
  }

  const roles = permissions.roles.map((r) => r.name).join(", ");
  return (
    <section
      {...rootProps("organization-profile", props)}
      aria-label={organization?.name ?? listed?.name ?? "Organization"}
    >
      <header>
        <h2 {...part("heading")}>{organization?.name ?? listed?.name ?? "Organization"}</h2>
        {organization?.description ? <p>{organization.description}</p> : null}
        {permissions.isMember ? <p {...part("muted")}>Your roles: {roles || "none"}</p> : null}
      </header>
      <ErrorRegion error={organizationError} unstyled={props.unstyled}>
        <button type="button" {...part("button")} onClick={() => void reloadOrganization()}>
          Try again
        </button>
      </ErrorRegion>
      {content}
    </section>
  );
}
