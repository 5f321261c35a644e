// Response headers and request-origin checks shared by every HTTP surface (the console's
// pages and routes, the OIDC pages). No Node-only APIs: the console's proxy imports this.

/** HSTS for two years, subdomains of the Guildhall host included; no preload list. */
const HSTS = "max-age=63072000; includeSubDomains";

export type ReferrerPolicy = "strict-origin-when-cross-origin" | "same-origin" | "no-referrer";

/**
 * The headers every response carries: no MIME sniffing, a referrer policy, no framing
 * (`X-Frame-Options` for browsers without CSP `frame-ancestors`), and HSTS when the site is
 * served over https (BASE_URL decides; an http BASE_URL is local development).
 *
 * @example for (const [name, value] of Object.entries(securityHeaders({ baseUrl }))) res.setHeader(name, value);
 */
export function securityHeaders({
  baseUrl,
  referrerPolicy = "strict-origin-when-cross-origin",
}: {
  baseUrl: string;
  referrerPolicy?: ReferrerPolicy;
}): Record<string, string> {
  const headers: Record<string, string> = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": referrerPolicy,
    "X-Frame-Options": "DENY",
  };
  if (isHttps(baseUrl)) headers["Strict-Transport-Security"] = HSTS;
  return headers;
}

export function isHttps(baseUrl: string): boolean {
  return baseUrl.toLowerCase().startsWith("https:");
}

// Every response gets a nonce, token responses included: they are cut from a buffer of
// CSPRNG bytes refilled every 256 nonces (as node:crypto's randomUUID does) rather than one
// getRandomValues call each; the same 128 fresh random bits per response, never reused.
const NONCE_BYTES = 16;
const noncePool = new Uint8Array(NONCE_BYTES * 256);
let nonceOffset = noncePool.length;

/** A fresh CSP nonce: 128 random bits, base64 (as CSP's `nonce-source` wants). */
export function createCspNonce(): string {
  if (nonceOffset === noncePool.length) {
    crypto.getRandomValues(noncePool);
    nonceOffset = 0;
  }
  const bytes = noncePool.subarray(nonceOffset, nonceOffset + NONCE_BYTES);
  nonceOffset += NONCE_BYTES;
  return btoa(String.fromCharCode(...bytes));
}

/** `{ "script-src": ["'self'"], "upgrade-insecure-requests": [] }` -> a CSP header value. */
export function serializeCsp(directives: Record<string, readonly string[] | false>): string {
  return Object.entries(directives)
    .filter((entry): entry is [string, readonly string[]] => entry[1] !== false)
    .map(([name, values]) => [name, ...values].join(" "))
    .join("; ");
}

export interface RequestOriginFacts {
  method: string;
  /** The `Origin` request header, if any. */
  origin: string | null | undefined;
  /** The `Sec-Fetch-Site` request header, if any. */
  secFetchSite: string | null | undefined;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Whether a request may change state on behalf of the cookie it carries: safe methods
 * always; otherwise only from a page of this site. `Origin` must equal BASE_URL's origin
 * (`null`, sent by sandboxed frames and privacy redirects, is refused). Browsers send
 * `Origin` on every cross-origin POST, so a request without it is a same-origin request
 * from an old browser or not from a browser at all (no ambient cookie to abuse); if it
 * carries `Sec-Fetch-Site`, that must say same-origin.
 *
 * @example if (!isSameOriginRequest({ method: req.method, origin: req.headers.get("origin"), secFetchSite: req.headers.get("sec-fetch-site") }, baseUrl)) return new Response(null, { status: 403 });
 */
export function isSameOriginRequest(
  { method, origin, secFetchSite }: RequestOriginFacts,
  baseUrl: string,
): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true;
  if (origin !== null && origin !== undefined) {
    try {
      return origin === new URL(baseUrl).origin;
    } catch {
      return false;
    }
  }
  if (secFetchSite !== null && secFetchSite !== undefined) return secFetchSite === "same-origin";
  return true;
}

/** The message a refused cross-site request gets (403). */
export const CROSS_SITE_REQUEST_MESSAGE =
  "Cross-site request refused: this request must come from a page of this site.";
