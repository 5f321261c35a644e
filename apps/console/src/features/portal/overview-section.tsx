import {
  BUILT_IN_PERMISSION_DESCRIPTIONS,
  isBuiltInPermission,
  type MyOrganization,
} from "@guildhall/validators";
import { RoleBadges } from "@/components/role-badges";
import { PortalSection } from "./portal-section";

/** The member's roles here and what they let them do in this portal. */
export function OverviewSection({ organization }: { organization: MyOrganization }) {
  const abilities = organization.permissions.filter(isBuiltInPermission);
  return (
    <PortalSection
      id="overview"
      title="Your membership"
      description={organization.description ?? undefined}
    >
      <div className="grid gap-1">
        <h3 className="text-sm font-medium">Your roles</h3>
        <RoleBadges roles={organization.roles} label="Your roles" />
      </div>
      <div className="grid gap-1">
        <h3 className="text-sm font-medium">What you can do here</h3>
        {abilities.length === 0 ? (
          <p className="text-sm text-muted-foreground">
            Your roles do not let you manage this organization. An admin of the organization can
            give you a role that does.
          </p>
        ) : (
          <ul className="grid list-disc gap-0.5 pl-5 text-sm" data-testid="portal-abilities">
            {abilities.map((p) => (
              <li key={p}>{BUILT_IN_PERMISSION_DESCRIPTIONS[p]}</li>
            ))}
          </ul>
        )}
      </div>
    </PortalSection>
  );
}
