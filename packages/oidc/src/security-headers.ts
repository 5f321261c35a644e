import type { ServerResponse } from "node:http";
import {
  createCspNonce,
  isHttps,
  securityHeaders,
  serializeCsp,
} from "@guildhall/core/web-security";

const nonces = new WeakMap<ServerResponse, string>();

/**
 * The CSP of the pages served at /oidc/* and /interaction/* (consent, sign-out, errors, the
 * form_post page). Nothing loads from anywhere; our inline `<style>` carries the response's
 * nonce; oidc-provider adds a hash of its form_post script to script-src itself (it extends
 * a script-src it finds on the response). No `form-action`: form_post and the consent and
 * sign-out forms end at the application's redirect URI, on another origin, and browsers
 * apply form-action to that redirect too.
 */
export function oidcContentSecurityPolicy({
  nonce,
  baseUrl,
}: {
  nonce: string;
  baseUrl: string;
}): string {
  return serializeCsp({
    "default-src": ["'none'"],
    "script-src": [`'nonce-${nonce}'`],
    "style-src": [`'nonce-${nonce}'`],
    "img-src": ["'self'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
    "upgrade-insecure-requests": isHttps(baseUrl) ? [] : false,
  });
}

// Every token request passes here, so what does not change per response is built once per
// base URL: the fixed headers, and the CSP split where the nonce goes.
interface HeaderPlan {
  fixed: [string, string][];
  csp: string[];
}
const plans = new Map<string, HeaderPlan>();
const NONCE_MARK = "\0nonce\0";
function headerPlan(baseUrl: string): HeaderPlan {
  let plan = plans.get(baseUrl);
  if (!plan) {
    plan = {
      fixed: Object.entries(securityHeaders({ baseUrl })),
      csp: oidcContentSecurityPolicy({ nonce: NONCE_MARK, baseUrl }).split(NONCE_MARK),
    };
    plans.set(baseUrl, plan);
  }
  return plan;
}

/**
 * Sets the security headers on a response of the OIDC service (before the provider or an
 * interaction writes it) and returns the CSP nonce its HTML must put on inline `<style>`.
 */
export function setSecurityHeaders(res: ServerResponse, baseUrl: string): string {
  const plan = headerPlan(baseUrl);
  const nonce = createCspNonce();
  nonces.set(res, nonce);
  for (const [name, value] of plan.fixed) res.setHeader(name, value);
  res.setHeader("Content-Security-Policy", plan.csp.join(nonce));
  return nonce;
}

/**
 * The nonce `setSecurityHeaders` chose for this response, for pages the provider renders;
 * undefined when the provider runs without the service (then there is no CSP to satisfy).
 */
export function cspNonceOf(res: ServerResponse): string | undefined {
  return nonces.get(res);
}

/** ` nonce="..."` for an inline `<style>`, or nothing. */
export function nonceAttribute(nonce: string | undefined): string {
  return nonce ? ` nonce="${nonce}"` : "";
}
