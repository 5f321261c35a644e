import type { SsoConnectorProvider, SsoProviderName } from "@guildhall/validators";

function badge(label: string, color: string): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="${color}"/><text x="32" y="38" font-family="sans-serif" font-size="16" font-weight="700" fill="#fff" text-anchor="middle">${label}</text></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
}

const PROVIDERS: Record<SsoProviderName, SsoConnectorProvider> = {
  OIDC: {
    providerName: "OIDC",
    providerType: "oidc",
    name: "OIDC",
    description:
      "Any OpenID Connect identity provider (Okta, Microsoft Entra ID, Google Workspace, Keycloak...): issuer, client ID and client secret.",
    logo: badge("OIDC", "#2563eb"),
    logoDark: badge("OIDC", "#3b82f6"),
  },
  SAML: {
    providerName: "SAML",
    providerType: "saml",
    name: "SAML",
    description:
      "Any SAML 2.0 identity provider (ADFS, Okta, Entra ID, OneLogin...): its metadata XML, or entity ID, SSO URL and signing certificate.",
    logo: badge("SAML", "#7c3aed"),
    logoDark: badge("SAML", "#8b5cf6"),
  },
};

/** The provider a connector was created from (its name, type and logos). */
export function ssoConnectorProvider(providerName: SsoProviderName): SsoConnectorProvider {
  return PROVIDERS[providerName];
}

/**
 * The kinds of connector that can be created, as Logto's `GET /api/sso-connector-providers`
 * lists them.
 */
export function listSsoConnectorProviders(): SsoConnectorProvider[] {
  return Object.values(PROVIDERS);
}
