import { ORGANIZATION_ROLES_SCOPE, ORGANIZATIONS_SCOPE } from "./scopes.ts";
import { escapeHtml } from "./html.ts";
import { nonceAttribute } from "./security-headers.ts";
const esc = escapeHtml;

const described: Record<string, string> = {
  openid: "Know who you are",
  profile: "See your name and picture",
  email: "See your email address",
  offline_access: "Stay signed in",
  [ORGANIZATIONS_SCOPE]: "See which organizations you belong to",
  [ORGANIZATION_ROLES_SCOPE]: "See your roles in your organizations",
};

/** Consent for third-party applications (first-party ones skip it). */
export function renderConsentPage({
  uid,
  clientName,
  scopes,
  nonce,
}: {
  uid: string;
  clientName: string;
  scopes: string[];
  nonce: string | undefined;
}) {
  const items = scopes.map((s) => `<li>${esc(described[s] ?? s)}</li>`).join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Allow ${esc(clientName)}?</title>
<style${nonceAttribute(nonce)}>body{font-family:system-ui,sans-serif;max-width:26rem;margin:4rem auto;padding:0 1rem;color:#111}@media(prefers-color-scheme:dark){body{background:#0b0b0f;color:#eee}}
button{font:inherit;padding:.6rem 1rem;border-radius:.5rem;border:1px solid #888;cursor:pointer}button.primary{background:#4f46e5;color:#fff;border-color:#4f46e5}button:focus-visible{outline:3px solid #818cf8;outline-offset:2px}.actions{display:flex;gap:.5rem}</style></head>
<body><main><h1>Allow ${esc(clientName)}?</h1><p>${esc(clientName)} would like to:</p><ul>${items}</ul>
<div class="actions"><form method="post" action="/interaction/${esc(uid)}/confirm"><button class="primary" type="submit">Allow</button></form>
<form method="post" action="/interaction/${esc(uid)}/abort"><button type="submit">Deny</button></form></div></main></body></html>`;
}
