export type { SignInStep } from "@guildhall/validators";

/** The WebAuthn relying party: Guildhall's public host, as the browser sees it. */
export interface WebAuthnRp {
  /** The host name of the public base URL (no scheme, no port). */
  rpId: string;
  /** Shown by the authenticator when a passkey is created. */
  rpName: string;
  /** The public origin (`https://id.example.com`), which signed client data must name. */
  origin: string;
}
