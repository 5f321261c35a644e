import { getOrganization, isDomainError, systemContext } from "@guildhall/core";
import { getDb } from "@guildhall/db/client";
import type { Organization } from "@guildhall/validators";
import { OrganizationTheme } from "@/components/organization-theme";

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

/**
 * The organization's name, logo and colour above a signed-out page, and its theme on the
 * whole page (primary color, favicons, custom CSS).
 */
export function OrganizationBrand({ organization }: { organization: Organization }) {
  const { branding, color } = organization;
  return (
    <div
      className="flex items-center gap-3 border-l-4 pl-3"
      style={color.primaryColor ? { borderColor: color.primaryColor } : undefined}
      data-testid="organization-branding"
    >
      <OrganizationTheme
        primaryColor={color.primaryColor}
        darkPrimaryColor={color.darkPrimaryColor}
        isDarkModeEnabled={color.isDarkModeEnabled}
        favicon={branding.favicon}
        darkFavicon={branding.darkFavicon}
        customCss={organization.customCss}
      />
      {branding.logoUrl ? (
        <picture>
          {branding.darkLogoUrl && color.isDarkModeEnabled !== false ? (
            <source srcSet={branding.darkLogoUrl} media="(prefers-color-scheme: dark)" />
          ) : null}
          <img src={branding.logoUrl} alt="" className="h-8 w-8 rounded object-contain" />
        </picture>
      ) : null}
      <span className="font-medium">{organization.name}</span>
    </div>
  );
}
