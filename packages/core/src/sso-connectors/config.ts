import {
  isIdpEndpointUrl,
  MASKED_SECRET,
  ssoAttributeMapping,
  ssoOidcConfig,
  ssoSamlConfig,
  type SsoAttributeMapping,
  type SsoOidcConfig,
  type SsoProviderName,
} from "@guildhall/validators";
import type { z } from "zod";
import { open, seal } from "../crypto/secret-box.ts";
import { DomainError } from "../errors.ts";
import { readCertificate } from "./certificate.ts";
import { readIdpMetadata, type SamlIdp } from "./saml-metadata.ts";

/** The purpose the OIDC client secret is sealed under (a key of its own, see secret-box.ts). */
export const SSO_SECRET_PURPOSE = "sso-connector";

/** Config as stored in `sso_connectors.config`: secrets sealed. */
export type StoredConfig = Record<string, unknown>;

function parseConfig<S extends z.ZodType>(
  schema: S,
  providerName: SsoProviderName,
  raw: unknown,
): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: i.path.map(String), message: i.message }));
  const first = issues[0];
  const where = first?.path.length ? `config.${first.path.join(".")}: ` : "config: ";
  throw new DomainError(
    "sso_connector.invalid_config",
    `${where}${first?.message ?? `invalid ${providerName} settings`}`,
    { providerName, issues },
  );
}

/**
 * The IdP a SAML config describes: read from its metadata XML when given (then the other
 * fields are ignored), else from entity ID + SSO URL + certificate, all three required.
 * @throws sso_connector.invalid_config naming what is missing or malformed
 */
export async function resolveSamlIdp(
  raw: unknown,
): Promise<{ stored: StoredConfig; idp: SamlIdp }> {
  const config = parseConfig(ssoSamlConfig, "SAML", raw);
  if (config.idpMetadataXml !== undefined) {
    const idp = await readIdpMetadata(config.idpMetadataXml);
    if (!isIdpEndpointUrl(idp.ssoUrl))
      throw new DomainError(
        "sso_connector.invalid_config",
        `The IdP metadata's SSO URL "${idp.ssoUrl.slice(0, 200)}" must be https:// (http:// only for localhost).`,
        { field: "idpMetadataXml", missing: "SingleSignOnService" },
      );
    return { stored: { idpMetadataXml: config.idpMetadataXml, ...mappingOf(config) }, idp };
  }
  const missing = (["entityId", "ssoUrl", "x509Certificate"] as const).filter(
    (field) => config[field] === undefined,
  );
  const { entityId, ssoUrl, x509Certificate } = config;
  if (entityId === undefined || ssoUrl === undefined || x509Certificate === undefined)
    throw new DomainError(
      "sso_connector.invalid_config",
      `SAML needs the IdP's metadata XML (idpMetadataXml), or its entity ID, SSO URL and signing certificate: ${missing.join(", ")} missing.`,
      { providerName: "SAML", missing },
    );
  const certificate = readCertificate(x509Certificate, "x509Certificate");
  return {
    stored: { entityId, ssoUrl, x509Certificate, ...mappingOf(config) },
    idp: { entityId, ssoUrl, ssoBinding: "redirect", certificates: [certificate] },
  };
}

/** The attribute mapping, kept in the stored config only when one is set. */
function mappingOf(config: { attributeMapping?: SsoAttributeMapping | undefined }) {
  const mapping = config.attributeMapping;
  return mapping && (mapping.email !== undefined || mapping.name !== undefined)
    ? { attributeMapping: mapping }
    : {};
}

/** The attribute mapping of a stored config (either provider), or none. */
export function storedAttributeMapping(stored: StoredConfig): SsoAttributeMapping {
  const parsed = ssoAttributeMapping.safeParse(stored.attributeMapping ?? {});
  return parsed.success ? parsed.data : {};
}

/** What `providerConfig` shows of a SAML IdP: no XML, certificate details instead of PEM. */
export function describeSamlIdp(idp: SamlIdp): Record<string, unknown> {
  return {
    entityId: idp.entityId,
    ssoUrl: idp.ssoUrl,
    ssoBinding: idp.ssoBinding,
    certificates: idp.certificates.map(({ subject, validTo, fingerprint256 }) => ({
      subject,
      validTo,
      fingerprint256,
    })),
  };
}

/**
 * Validates a connector's new config and returns it as stored. `previous` is the stored
 * config an update merges into: an OIDC secret left out (or sent as `********`) keeps the
 * sealed one already stored.
 * @throws sso_connector.invalid_config
 */
export async function prepareConfig(
  providerName: SsoProviderName,
  raw: Record<string, unknown>,
  { instanceSecret, previous }: { instanceSecret: string; previous?: StoredConfig },
): Promise<StoredConfig> {
  switch (providerName) {
    case "OIDC": {
      const merged = { ...previous, ...raw };
      const keepSecret =
        raw.clientSecret === undefined || raw.clientSecret === MASKED_SECRET
          ? previous?.clientSecret
          : undefined;
      if (typeof keepSecret === "string") merged.clientSecret = MASKED_SECRET;
      const config: SsoOidcConfig = parseConfig(ssoOidcConfig, "OIDC", merged);
      return {
        ...config,
        clientSecret:
          typeof keepSecret === "string"
            ? keepSecret
            : seal(config.clientSecret, instanceSecret, SSO_SECRET_PURPOSE),
      };
    }
    case "SAML":
      return (await resolveSamlIdp({ ...previous, ...raw })).stored;
  }
}

/** The stored config as APIs show it: the OIDC client secret masked. */
export function maskConfig(stored: StoredConfig): Record<string, unknown> {
  return "clientSecret" in stored ? { ...stored, clientSecret: MASKED_SECRET } : { ...stored };
}

/** The OIDC settings with the client secret opened, for the sign-in flow only. */
export function openOidcConfig(stored: StoredConfig, instanceSecret: string): SsoOidcConfig {
  const config = parseConfig(ssoOidcConfig, "OIDC", { ...stored, clientSecret: MASKED_SECRET });
  const sealed = stored.clientSecret;
  if (typeof sealed !== "string")
    throw new DomainError("sso_connector.invalid_config", "config.clientSecret: missing", {
      providerName: "OIDC",
    });
  let clientSecret: string;
  try {
    clientSecret = open(sealed, instanceSecret, SSO_SECRET_PURPOSE);
  } catch {
    // Sealed under another instance secret (a restored dump, a changed secret).
    throw new DomainError(
      "sso_connector.invalid_config",
      "The connector's client secret cannot be read with this instance's secret: enter the client secret again.",
      { providerName: "OIDC", field: "clientSecret" },
    );
  }
  return { ...config, clientSecret };
}
