import { z } from "zod";
import { id, text } from "./common.ts";

/**
 * Where the user goes after an SSO sign-in: a path on this site. The console checks it with
 * `safeCallbackUrl` first; this only bounds what reaches the database.
 */
const ssoCallbackUrl = text()
  .max(2048, "callbackUrl must be at most 2048 characters")
  .refine(
    (v) => v.startsWith("/") && !v.startsWith("//"),
    "callbackUrl must be a path on this site",
  );

export const startSsoSignInInput = z.object({
  connectorId: id,
  callbackUrl: ssoCallbackUrl.default("/"),
  /** A console "test connection": shows the claims received, signs nobody in. */
  test: z.boolean().default(false),
});
export type StartSsoSignInInput = z.input<typeof startSsoSignInInput>;

export const finishOidcSsoSignInInput = z.object({
  connectorId: id,
  /** The callback URL as the IdP redirected the browser to it, query included. */
  callbackUrlWithParams: text().max(16_384, "The callback URL is too long"),
});
export type FinishOidcSsoSignInInput = z.input<typeof finishOidcSsoSignInInput>;

export const finishSamlSsoSignInInput = z.object({
  connectorId: id,
  /** The base64 `SAMLResponse` form field posted by the IdP. */
  samlResponse: text()
    .min(1, "SAMLResponse is missing")
    .max(1_000_000, "SAMLResponse is too large"),
  relayState: text().max(512, "RelayState is too long"),
});
export type FinishSamlSsoSignInInput = z.input<typeof finishSamlSsoSignInInput>;

/** What home-realm discovery tells the sign-in page about an email's domain. */
export const ssoDiscovery = z.object({
  connectorId: z.string(),
  connectorName: z.string(),
  allowPasswordSignIn: z.boolean(),
});
export type SsoDiscovery = z.infer<typeof ssoDiscovery>;

/** The email typed on the sign-in page, as discovery reads it (any text: no answer for non-emails). */
export const ssoDiscoveryInput = z.object({ email: text().max(320) });
