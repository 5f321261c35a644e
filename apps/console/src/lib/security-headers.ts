import {
  createCspNonce,
  isHttps,
  securityHeaders,
  serializeCsp,
  type ReferrerPolicy,
} from "@guildhall/core/web-security";

/**
 * The Content-Security-Policy of a console page, as Next's CSP guide has it: scripts only
 * with this response's nonce ('strict-dynamic' lets Next's nonced bootstrap load its
 * chunks; Next reads the nonce from the request's CSP header and puts it on its own
 * scripts). Styles allow inline: React `style` props, Radix's positioning and the `<style>`
 * elements sonner and react-remove-scroll inject carry no nonce, and a nonce in style-src
 * would switch 'unsafe-inline' off. Images: organization logos are https URLs (http only on
 * this machine). The API reference (Scalar) needs nothing more: it is bundled, and what would
 * reach Scalar's services is off (features/api-reference/scalar-configuration.ts).
 */
export function consoleContentSecurityPolicy({
  nonce,
  baseUrl,
  dev,
  formToIdp = false,
}: {
  nonce: string;
  baseUrl: string;
  dev: boolean;
  /** The SSO start page posts a SAML AuthnRequest to the IdP (HTTP-POST binding). */
  formToIdp?: boolean;
}): string {
  return serializeCsp({
    "default-src": ["'self'"],
    // Development only: React rebuilds server error stacks with eval (and the dev server
    // has an HMR socket, below).
    "script-src": [
      "'self'",
      `'nonce-${nonce}'`,
      "'strict-dynamic'",
      ...(dev ? ["'unsafe-eval'"] : []),
    ],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", "https:", "http://localhost:*", "http://127.0.0.1:*"],
    "font-src": ["'self'"],
    "connect-src": ["'self'", ...(dev ? ["ws:", "wss:"] : [])],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": [
      "'self'",
      ...(formToIdp ? ["https:", "http://localhost:*", "http://127.0.0.1:*"] : []),
    ],
    "frame-ancestors": ["'none'"],
    "upgrade-insecure-requests": isHttps(baseUrl) ? [] : false,
  });
}

/**
 * Pages whose URL carries a secret (the invitation, password-reset and email-verification
 * tokens): no referrer beyond this site.
 */
const TOKEN_PAGES = /^\/(invite\/|reset-password(\/|$)|verify-email(\/|$))/;

/** Where an SSO sign-in leaves for the IdP (see app/(auth)/sso/[connectorId]/start). */
const SSO_START = /^\/sso\/[^/]+\/start$/;

export interface ConsoleResponseHeaders {
  /** For the response. */
  response: Record<string, string>;
  /** For the request Next renders (it reads the nonce from here); empty for API routes. */
  request: Record<string, string>;
}

/**
 * What the proxy adds for one request: every response gets the shared security headers
 * (nosniff, referrer policy, no framing, HSTS over https); pages also get a CSP with a
 * fresh nonce. `same-origin` rather than `no-referrer` on token pages: with `no-referrer`
 * browsers send `Origin: null` on the page's own POSTs, which the Origin check refuses.
 */
export function consoleResponseHeaders({
  path,
  baseUrl,
  dev,
}: {
  path: string;
  baseUrl: string;
  dev: boolean;
}): ConsoleResponseHeaders {
  const referrerPolicy: ReferrerPolicy = TOKEN_PAGES.test(path)
    ? "same-origin"
    : "strict-origin-when-cross-origin";
  const response = securityHeaders({ baseUrl, referrerPolicy });
  if (path === "/api" || path.startsWith("/api/")) return { response, request: {} };
  const csp = consoleContentSecurityPolicy({
    nonce: createCspNonce(),
    baseUrl,
    dev,
    formToIdp: SSO_START.test(path),
  });
  return {
    response: { ...response, "Content-Security-Policy": csp },
    request: { "Content-Security-Policy": csp },
  };
}
