import type { Branding, OrganizationColor } from "@guildhall/validators";
import { OrganizationTheme } from "@/components/organization-theme";
import { readableForeground } from "./readable-foreground";

/**
 * The organization's colors on its portal page: its primary color (CSS variables `--primary`
 * and `--ring`, light and dark) with a text color that stays readable on it, and its
 * favicons. Its custom CSS is for its sign-in and invitation pages, not this admin page.
 * Renders on the server.
 */
export function PortalTheme({ branding, color }: { branding: Branding; color: OrganizationColor }) {
  const rules: string[] = [];
  // Only the two constants readableForeground answers reach the CSS.
  const light = color.primaryColor ? readableForeground(color.primaryColor) : null;
  if (light) rules.push(`:root { --primary-foreground: ${light}; }`);
  const dark =
    color.darkPrimaryColor && color.isDarkModeEnabled !== false
      ? readableForeground(color.darkPrimaryColor)
      : null;
  if (dark)
    rules.push(
      `@media (prefers-color-scheme: dark) { :root:not(:has([data-light-only])) { --primary-foreground: ${dark}; } }`,
    );
  return (
    <>
      <OrganizationTheme
        primaryColor={color.primaryColor}
        darkPrimaryColor={color.darkPrimaryColor}
        isDarkModeEnabled={color.isDarkModeEnabled}
        favicon={branding.favicon}
        darkFavicon={branding.darkFavicon}
      />
      {rules.length > 0 ? (
        <style data-testid="portal-theme" dangerouslySetInnerHTML={{ __html: rules.join("\n") }} />
      ) : null}
    </>
  );
}
