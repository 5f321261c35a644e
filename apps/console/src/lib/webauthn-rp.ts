import type { WebAuthnRp } from "@guildhall/core";

/**
 * The WebAuthn relying party this instance is: its ID is the public base URL's host name
 * (passkeys are bound to it, so changing BASE_URL's host orphans them) and responses must
 * come from exactly its origin.
 * @example webAuthnRp("https://id.example.com") // { rpId: "id.example.com", origin: "https://id.example.com", rpName: "Guildhall" }
 */
export function webAuthnRp(baseUrl: string): WebAuthnRp {
  const url = new URL(baseUrl);
  return { rpId: url.hostname, origin: url.origin, rpName: "Guildhall" };
}
