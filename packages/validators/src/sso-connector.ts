import { z } from "zod";
import { id, imageUrl, jsonObject, paginationInput, paginated, text, url } from "./common.ts";

/** The kinds of enterprise SSO connector, named as in Logto's `SsoProviderName`. */
export const ssoProviderName = z.enum(["OIDC", "SAML"]);
export type SsoProviderName = z.infer<typeof ssoProviderName>;

/** The protocol a provider speaks, Logto's `SsoProviderType`. */
export const ssoProviderType = z.enum(["oidc", "saml"]);
export type SsoProviderType = z.infer<typeof ssoProviderType>;

/** What every API shows in place of a secret it holds (as Logto masks its secret fields). */
export const MASKED_SECRET = "********";

/** The OIDC scope asked for when none is configured. */
export const DEFAULT_SSO_OIDC_SCOPE = "openid profile email";

/** Hosts that may be reached over plain http: this machine, for tests and local development. */
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Whether an IdP endpoint (OIDC issuer, SAML SSO URL) is acceptable: https, or http on
 * localhost/127.0.0.1; no credentials, no fragment. Identity assertions over plain http
 * could be read or changed on the way.
 */
export function isIdpEndpointUrl(value: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return false;
  }
  if (parsed.username !== "" || parsed.password !== "" || parsed.hash !== "") return false;
  return (
    parsed.protocol === "https:" ||
    (parsed.protocol === "http:" && LOCAL_HOSTS.has(parsed.hostname))
  );
}

const IDP_URL_MESSAGE =
  "Use an https:// URL without credentials or #fragment (http:// only for localhost or 127.0.0.1)";
const idpEndpointUrl = url(IDP_URL_MESSAGE).refine(isIdpEndpointUrl, IDP_URL_MESSAGE);

/** Form fields send "" for "not given": read it as absent. */
function optional<T extends z.ZodType<string | undefined>>(schema: T) {
  return z.preprocess(
    (v) => (v === null || (typeof v === "string" && v.trim() === "") ? undefined : v),
    schema.optional(),
  );
}

/**
 * Where the IdP puts the email and the name when not under the usual names: an OIDC claim
 * (e.g. `upn`) or a SAML attribute name (e.g. a custom URI). Tried before the usual names.
 */
export const ssoAttributeMapping = z.object({
  email: optional(
    text().trim().min(1).max(512, "A claim or attribute name is at most 512 characters"),
  ),
  name: optional(
    text().trim().min(1).max(512, "A claim or attribute name is at most 512 characters"),
  ),
});
export type SsoAttributeMapping = z.output<typeof ssoAttributeMapping>;

/**
 * OIDC connector settings. `clientSecret` is sealed at rest and never returned: on update,
 * leaving it out (or sending `********`) keeps the stored one.
 */
export const ssoOidcConfig = z.object({
  issuer: idpEndpointUrl.meta({
    description:
      "The IdP's issuer URL; `/.well-known/openid-configuration` under it is read for discovery.",
  }),
  clientId: text()
    .trim()
    .min(1, "Client ID is required")
    .max(512, "Client ID must be at most 512 characters"),
  clientSecret: text()
    .min(1, "Client secret is required")
    .max(2048, "Client secret must be at most 2048 characters"),
  scope: text()
    .trim()
    .max(1024, "Scope must be at most 1024 characters")
    .default(DEFAULT_SSO_OIDC_SCOPE)
    .refine(
      (scope) => scope.split(/\s+/).includes("openid"),
      "The scope must include openid (space-separated, e.g. openid profile email)",
    ),
  attributeMapping: ssoAttributeMapping.optional(),
});
export type SsoOidcConfig = z.output<typeof ssoOidcConfig>;

/**
 * SAML connector settings: the IdP's metadata XML, or its entity ID, SSO URL and signing
 * certificate (PEM, or the base64 DER body). Which of the two is given, and whether the XML
 * and certificate parse, is checked by the service (it needs an XML parser and node:crypto).
 */
export const ssoSamlConfig = z.object({
  idpMetadataXml: optional(
    text().max(512_000, "Metadata XML must be at most 500 KB").meta({
      description: "The IdP's SAML metadata document (EntityDescriptor).",
    }),
  ),
  entityId: optional(text().trim().max(1024, "Entity ID must be at most 1024 characters")),
  ssoUrl: optional(idpEndpointUrl),
  x509Certificate: optional(
    text().trim().max(20_000, "Certificate must be at most 20,000 characters"),
  ),
  attributeMapping: ssoAttributeMapping.optional(),
});
export type SsoSamlConfig = z.output<typeof ssoSamlConfig>;

/** How the connector is shown on the sign-in page (Logto's `branding`). */
export const ssoBranding = z.object({
  displayName: optional(text().trim().max(128, "Display name must be at most 128 characters")),
  logo: optional(imageUrl()),
  darkLogo: optional(imageUrl()),
});
export type SsoBranding = z.output<typeof ssoBranding>;

export const ssoConnectorName = text()
  .trim()
  .min(1, "Connector name is required")
  .max(128, "Connector name must be at most 128 characters");

/** Raw domains: the service normalizes (lower-case, punycode) and refuses public mail domains. */
export const ssoConnectorDomains = z
  .array(text().trim().max(253, "A domain must be at most 253 characters"))
  .max(100, "At most 100 domains per connector");

const ssoConnectorSettings = {
  connectorName: ssoConnectorName,
  domains: ssoConnectorDomains,
  branding: ssoBranding,
  syncProfile: z.boolean(),
  allowPasswordSignIn: z.boolean(),
};

/**
 * A new connector. `config` is checked against the provider by the service (a bad config is
 * 422 `sso_connector.invalid_config`, as Logto answers); it may be left out and set later.
 */
export const createSsoConnectorInput = z.object({
  providerName: ssoProviderName,
  connectorName: ssoConnectorSettings.connectorName,
  config: jsonObject.optional(),
  domains: ssoConnectorSettings.domains.default([]),
  branding: ssoConnectorSettings.branding.default({}),
  syncProfile: ssoConnectorSettings.syncProfile.default(true),
  allowPasswordSignIn: ssoConnectorSettings.allowPasswordSignIn.default(false),
});
export type CreateSsoConnectorInput = z.input<typeof createSsoConnectorInput>;

/**
 * A partial update. `config` is merged over the stored one, so a form may leave the secret
 * out; `domains` and `branding` replace the stored ones.
 */
export const updateSsoConnectorInput = z.object({
  id,
  connectorName: ssoConnectorSettings.connectorName.optional(),
  config: jsonObject.optional(),
  domains: ssoConnectorSettings.domains.optional(),
  branding: ssoConnectorSettings.branding.optional(),
  syncProfile: ssoConnectorSettings.syncProfile.optional(),
  allowPasswordSignIn: ssoConnectorSettings.allowPasswordSignIn.optional(),
});
export type UpdateSsoConnectorInput = z.input<typeof updateSsoConnectorInput>;

export const listSsoConnectorsInput = paginationInput;
export type ListSsoConnectorsInput = z.input<typeof listSsoConnectorsInput>;

/** A provider connectors can be created from (Logto's `GET /api/sso-connector-providers` item). */
export const ssoConnectorProvider = z.object({
  providerName: ssoProviderName,
  providerType: ssoProviderType,
  name: z.string(),
  description: z.string(),
  logo: z.string(),
  logoDark: z.string(),
});
export type SsoConnectorProvider = z.infer<typeof ssoConnectorProvider>;

/**
 * A connector as every API returns it: Logto's fields plus `allowPasswordSignIn`. `config`
 * never holds a secret (`clientSecret` is `********`). `providerConfig` is what the service
 * read from the config: for SAML, the IdP's entity ID, SSO URL and certificate details.
 */
export const ssoConnector = z.object({
  id: z.string(),
  providerName: ssoProviderName,
  providerType: ssoProviderType,
  name: z.string(),
  providerLogo: z.string(),
  providerLogoDark: z.string(),
  connectorName: z.string(),
  config: z.record(z.string(), z.unknown()),
  providerConfig: z.record(z.string(), z.unknown()).optional(),
  domains: z.array(z.string()),
  branding: z.object({
    displayName: z.string().optional(),
    logo: z.string().optional(),
    darkLogo: z.string().optional(),
  }),
  syncProfile: z.boolean(),
  allowPasswordSignIn: z.boolean(),
  createdAt: z.date(),
});
export type SsoConnector = z.infer<typeof ssoConnector>;
export const ssoConnectorList = paginated(ssoConnector);
