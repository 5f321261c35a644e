import { getOrganization, isDomainError, systemContext } from "@guildhall/core";
import { getDb } from "@guildhall/db/client";
import type { Organization } from "@guildhall/validators";

/** The organization an app's sign-in is for (`organization_id`), or null for an unknown id. */
export async function brandingOf(id: unknown): Promise<Organization | null> {
  if (typeof id !== "string" || id.length === 0) return null;
  try {
    return await getOrganization(systemContext(getDb()), { id });
  } catch (error) {
    // An unknown organization id gets the plain page; it reveals nothing.
    if (isDomainError(error)) return null;
    throw error;
  }
}

/** The organization's name, logo and colour above a signed-out page. */
export function OrganizationBrand({ organization }: { organization: Organization }) {
  const color = organization.branding.primaryColor;
  return (
    <div
      className="flex items-center gap-3 border-l-4 pl-3"
      style={color ? { borderColor: color } : undefined}
      data-testid="organization-branding"
    >
      {organization.branding.logoUrl ? (
        <img
          src={organization.branding.logoUrl}
          alt=""
          className="h-8 w-8 rounded object-contain"
        />
      ) : null}
      <span className="font-medium">{organization.name}</span>
    </div>
  );
}
