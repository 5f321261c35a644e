import { isImageUrl } from "@guildhall/validators";
import { z } from "zod";

/** What an IdP told us about the user, read from OIDC claims or SAML attributes. */
export interface SsoProfile {
  /** OIDC `sub` or SAML NameID: with the connector, what identifies the user. */
  subject: string;
  /** OIDC `iss` or the SAML assertion's Issuer. */
  issuer: string;
  /** Lower-cased; null when absent or not an address. */
  email: string | null;
  /** The IdP vouches for the address (OIDC `email_verified`; see the SAML reader). */
  emailVerified: boolean;
  name: string | null;
  avatarUrl: string | null;
  /** The claims or attributes received, kept on the identity and shown in a test run. */
  detail: Record<string, unknown>;
}

const email = z.email();
const MAX_NAME = 128;

/** An address as the IdP sent it, or null when it is not one. */
export function readEmail(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const normalized = value.trim().toLowerCase();
  if (normalized.length > 254) return null;
  return email.safeParse(normalized).success ? normalized : null;
}

/** A display name, trimmed and bounded; null when empty or not text. */
export function readName(value: unknown): string | null {
  if (typeof value !== "string") return null;
  // eslint-disable-next-line no-control-regex -- control characters never belong in a name
  const trimmed = value.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return trimmed ? trimmed.slice(0, MAX_NAME) : null;
}

/** A picture URL when it is an https (or localhost http) URL; null otherwise. */
export function readAvatarUrl(value: unknown): string | null {
  if (typeof value !== "string" || value.length > 2048) return null;
  return isImageUrl(value) ? value : null;
}
