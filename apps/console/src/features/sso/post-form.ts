import "server-only";
import { NextResponse } from "next/server";

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A SAML AuthnRequest for an IdP that only takes the HTTP-POST binding: a form the page
 * submits at once (with this response's CSP nonce), or on a click without JavaScript.
 */
export function postFormPage(
  form: { action: string; fields: Record<string, string> },
  csp: string | null,
): NextResponse {
  const nonce = /'nonce-([^']+)'/.exec(csp ?? "")?.[1];
  const inputs = Object.entries(form.fields)
    .map(
      ([name, value]) =>
        `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`,
    )
    .join("");
  const script = nonce
    ? `<script nonce="${escapeHtml(nonce)}">document.forms[0].submit()</script>`
    : "";
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Single sign-on</title></head><body><form method="post" action="${escapeHtml(form.action)}">${inputs}<noscript><p>Continue to your identity provider.</p></noscript><button type="submit">Continue</button></form>${script}</body></html>`;
  return new NextResponse(html, {
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
  });
}
