// Control characters (C0 and DEL) and backslashes never belong in a redirect target, and
// parsers disagree about them: the URL parser drops tabs and newlines silently (`/\t/evil`
// reads as `//evil`) and browsers read `\` as `/`. A target carrying any is refused
// outright rather than "repaired".
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f\\]/;
/** A reference with a scheme (`https:`, `javascript:`); anything else must be a path. */
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * The one check for a redirect target that came from input (`callbackUrl`, a return path):
 * parsed with the WHATWG URL parser against `baseUrl`, exactly as the browser will resolve
 * it, and kept only when the result has `baseUrl`'s origin. Returns the target as a path
 * (path, query and fragment, serialized by the parser, so percent-encoded and free of CR,
 * LF and NUL), or `fallback`.
 *
 * Refused: other hosts, schemes (`javascript:`, `data:`) and ports, userinfo tricks
 * (`https://base@evil`), slash runs that browsers read as another host (`//evil`,
 * `/.//evil`), relative references that are not paths, and anything with control
 * characters or backslashes (`/\evil`).
 *
 * @example safeRedirectTarget("/organizations?q=a", "https://id.example.com") // "/organizations?q=a"
 * @example safeRedirectTarget("/\t/evil.example", "https://id.example.com") // "/" (a tab)
 */
export function safeRedirectTarget(raw: unknown, baseUrl: string, fallback = "/"): string {
  const value = Array.isArray(raw) ? (raw as unknown[])[0] : raw;
  if (typeof value !== "string" || UNSAFE_CHARACTERS.test(value)) return fallback;
  // A path-relative reference (`users`, ` //evil`) depends on the current page: refused.
  if (!value.startsWith("/") && !HAS_SCHEME.test(value)) return fallback;
  let base: URL;
  let url: URL;
  try {
    base = new URL(baseUrl);
    url = new URL(value, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base.origin || url.username !== "" || url.password !== "") return fallback;
  const target = `${url.pathname}${url.search}${url.hash}`;
  // A path that starts with two slashes (`http://base//evil`, `/.//evil` after dot
  // segments are removed) would read as another host once it is sent as a relative URL.
  if (!target.startsWith("/") || target.startsWith("//")) return fallback;
  return target;
}

// The signed-out pages too: coming back to sign-up or a used reset link after signing in
// would be a dead end.
const AUTH_PAGES =
  /^\/(sign-in|sign-up|setup|no-access|forgot-password|reset-password|verify-email|sso)(\/|\?|#|$)/;

/**
 * Where sign-in sends the user afterwards: a safe target (see `safeRedirectTarget`), never
 * back to the sign-in, setup or no-access pages (that would loop).
 */
export function safeCallbackUrl(raw: unknown, baseUrl: string, fallback = "/"): string {
  const target = safeRedirectTarget(raw, baseUrl, fallback);
  return AUTH_PAGES.test(target) ? fallback : target;
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
