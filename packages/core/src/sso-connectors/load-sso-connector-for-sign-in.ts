import type { Db } from "@guildhall/db";
import {
  id as idSchema,
  type SsoAttributeMapping,
  type SsoBranding,
  type SsoOidcConfig,
} from "@guildhall/validators";
import { DomainError } from "../errors.ts";
import { parseInput } from "../parse.ts";
import { openOidcConfig, resolveSamlIdp, storedAttributeMapping } from "./config.ts";
import type { SamlIdp } from "./saml-metadata.ts";
import { asObject, ssoConnectorNotFound, ssoConnectorSelect, toSsoConnector } from "./select.ts";

interface SsoConnectorForSignInBase {
  id: string;
  connectorName: string;
  domains: string[];
  branding: SsoBranding;
  syncProfile: boolean;
  allowPasswordSignIn: boolean;
  /** Claim or attribute names to read the email and name from before the usual ones. */
  attributeMapping: SsoAttributeMapping;
}

/** A connector ready for a sign-in: the OIDC secret opened, the SAML IdP read from its config. */
export type SsoConnectorForSignIn = SsoConnectorForSignInBase &
  ({ providerName: "OIDC"; oidc: SsoOidcConfig } | { providerName: "SAML"; saml: SamlIdp });

/**
 * Loads a connector for the sign-in flow, with its config opened: the OIDC client secret
 * unsealed, the SAML IdP's entity ID, SSO URL and signing certificates read from its
 * metadata. Only the sign-in flow calls it; nothing it returns may reach a response.
 * @throws sso_connector.not_found, sso_connector.invalid_config (not configured yet, or a
 *   secret sealed under another instance secret)
 */
export async function loadSsoConnectorForSignIn(
  db: Db,
  { id, instanceSecret }: { id: string; instanceSecret: string },
): Promise<SsoConnectorForSignIn> {
  const connectorId = parseInput(idSchema, id);
  const row = await db.ssoConnector.findUnique({
    where: { id: connectorId },
    select: ssoConnectorSelect,
  });
  if (!row) throw ssoConnectorNotFound(connectorId);
  const stored = asObject(row.config);
  if (Object.keys(stored).length === 0)
    throw new DomainError(
      "sso_connector.invalid_config",
      `The SSO connector "${row.connectorName}" is not configured yet: an admin must enter its identity provider's settings.`,
      { id: row.id },
    );
  const { branding } = await toSsoConnector({ ...row, config: {} });
  const base: SsoConnectorForSignInBase = {
    id: row.id,
    connectorName: row.connectorName,
    domains: row.domains,
    branding,
    syncProfile: row.syncProfile,
    allowPasswordSignIn: row.allowPasswordSignIn,
    attributeMapping: storedAttributeMapping(stored),
  };
  switch (row.providerName) {
    case "OIDC":
      return { ...base, providerName: "OIDC", oidc: openOidcConfig(stored, instanceSecret) };
    case "SAML":
      return { ...base, providerName: "SAML", saml: (await resolveSamlIdp(stored)).idp };
  }
}
