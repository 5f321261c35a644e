import { cssForStyleElement } from "@guildhall/core";

export interface OrganizationThemeProps {
  /** Hex colors, as core reads them back (`storedColor`): nothing else reaches the CSS. */
  primaryColor?: string | null;
  darkPrimaryColor?: string | null;
  /** false: the page stays light even when the system prefers dark; otherwise it follows it. */
  isDarkModeEnabled?: boolean | null;
  favicon?: string | null;
  darkFavicon?: string | null;
  /** The organization's custom CSS as stored (escaped here for the `<style>` element). */
  customCss?: string | null;
}

/**
 * An organization's look on a page that is its own (the invitation landing page, an app's
 * sign-in for the organization): its primary color (light and dark), its favicons and its
 * custom CSS, in one `<style>` element after the console's stylesheet, so its rules win.
 * The CSP allows inline styles (see lib/security-headers.ts), and `cssForStyleElement`
 * makes sure the admin's CSS cannot end the element. Renders on the server.
 */
export function OrganizationTheme({
  primaryColor,
  darkPrimaryColor,
  isDarkModeEnabled,
  favicon,
  darkFavicon,
  customCss,
}: OrganizationThemeProps) {
  const rules: string[] = [];
  if (primaryColor) rules.push(`:root { --primary: ${primaryColor}; --ring: ${primaryColor}; }`);
  if (darkPrimaryColor && isDarkModeEnabled !== false) {
    // The same selector as globals.css's dark tokens, so this later rule wins over them.
    rules.push(
      `@media (prefers-color-scheme: dark) { :root:not(:has([data-light-only])) { --primary: ${darkPrimaryColor}; --ring: ${darkPrimaryColor}; } }`,
    );
  }
  if (customCss) rules.push(customCss);
  return (
    <>
      {/* globals.css keeps the light tokens while this marker is on the page. */}
      {isDarkModeEnabled === false ? <span data-light-only hidden /> : null}
      {/* React hoists these into <head>. */}
      {favicon ? <link rel="icon" href={favicon} /> : null}
      {darkFavicon ? (
        <link rel="icon" href={darkFavicon} media="(prefers-color-scheme: dark)" />
      ) : null}
      {rules.length > 0 ? (
        <style
          data-testid="organization-theme"
          // Inline text, not a React text child: React would HTML-escape `>` selectors.
          dangerouslySetInnerHTML={{ __html: cssForStyleElement(rules.join("\n")) }}
        />
      ) : null}
    </>
  );
}
