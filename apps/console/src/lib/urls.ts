/**
 * A callbackUrl that stays on this site: always a path (an absolute URL keeps only its
 * path), never `//host`, never back to the sign-in or setup pages.
 */
export function safeCallbackUrl(raw: string | string[] | undefined | null, fallback = "/"): string {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value) return fallback;
  let path = value;
  if (/^https?:\/\//i.test(value)) {
    try {
      const url = new URL(value);
      path = `${url.pathname}${url.search}${url.hash}`;
    } catch {
      return fallback;
    }
  }
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return fallback;
  if (/^\/(sign-in|setup|no-access)(\/|\?|#|$)/.test(path)) return fallback;
  return path;
}

const CONSOLE_SECTIONS = ["template", "organizations", "users", "console-members", "emails"];

/**
 * Whether a path is a console page (needs console access). Other paths of this site, such
 * as the OIDC interaction pages, are for any signed-in user.
 */
export function isConsolePath(path: string): boolean {
  const first = path.split(/[?#]/)[0]?.split("/")[1] ?? "";
  return first === "" || CONSOLE_SECTIONS.includes(first);
}
