import type { Prisma } from "@guildhall/db";
import type { SsoConnector, SsoBranding } from "@guildhall/validators";
import { DomainError } from "../errors.ts";
import { describeSamlIdp, maskConfig, resolveSamlIdp, type StoredConfig } from "./config.ts";
import { ssoConnectorProvider } from "./providers.ts";

export const ssoConnectorSelect = {
  id: true,
  providerName: true,
  connectorName: true,
  config: true,
  domains: true,
  branding: true,
  syncProfile: true,
  allowPasswordSignIn: true,
  createdAt: true,
} satisfies Prisma.SsoConnectorSelect;

export type SsoConnectorRow = Prisma.SsoConnectorGetPayload<{ select: typeof ssoConnectorSelect }>;

/** A JSON column read back as the object it was written as. */
export function asObject(value: Prisma.JsonValue): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? value : {};
}

function toBranding(value: Prisma.JsonValue): SsoBranding {
  const raw = asObject(value);
  const pick = (key: string) => (typeof raw[key] === "string" ? raw[key] : undefined);
  return { displayName: pick("displayName"), logo: pick("logo"), darkLogo: pick("darkLogo") };
}

/**
 * A connector as APIs return it: secrets masked; for SAML, what was read from the IdP's
 * metadata (`providerConfig`), left out while the config is incomplete.
 */
export async function toSsoConnector(row: SsoConnectorRow): Promise<SsoConnector> {
  const provider = ssoConnectorProvider(row.providerName);
  const stored: StoredConfig = asObject(row.config);
  let providerConfig: Record<string, unknown> | undefined;
  if (row.providerName === "SAML" && Object.keys(stored).length > 0) {
    try {
      providerConfig = describeSamlIdp((await resolveSamlIdp(stored)).idp);
    } catch {
      providerConfig = undefined;
    }
  }
  return {
    id: row.id,
    providerName: row.providerName,
    providerType: provider.providerType,
    name: provider.name,
    providerLogo: provider.logo,
    providerLogoDark: provider.logoDark,
    connectorName: row.connectorName,
    config: maskConfig(stored),
    ...(providerConfig ? { providerConfig } : {}),
    domains: row.domains,
    branding: toBranding(row.branding),
    syncProfile: row.syncProfile,
    allowPasswordSignIn: row.allowPasswordSignIn,
    createdAt: row.createdAt,
  };
}

export function ssoConnectorNotFound(id: string): DomainError {
  return new DomainError("sso_connector.not_found", `No SSO connector has id "${id}".`, { id });
}

export function ssoConnectorNameTaken(connectorName: string): DomainError {
  return new DomainError(
    "sso_connector.name_taken",
    `An SSO connector named "${connectorName}" already exists. Choose another name.`,
    { connectorName },
  );
}
