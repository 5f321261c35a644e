import type { SsoProviderName } from "@guildhall/validators";

/** A value the IdP admin copies into their identity provider. */
export interface SpValue {
  label: string;
  value: string;
  hint: string;
}

/**
 * What an IdP admin needs from Guildhall to set up the other side of a connector: the SAML
 * service provider's entity ID, ACS URL and metadata, or the OIDC redirect URI.
 */
export function serviceProviderValues(
  providerName: SsoProviderName,
  baseUrl: string,
  connectorId: string,
): SpValue[] {
  const id = encodeURIComponent(connectorId);
  switch (providerName) {
    case "SAML":
      return [
        {
          label: "Entity ID (audience)",
          value: `${baseUrl}/sso/saml/${id}`,
          hint: "The service provider's identifier; Okta calls it “Audience URI”.",
        },
        {
          label: "ACS URL",
          value: `${baseUrl}/sso/saml/${id}/acs`,
          hint: "Assertion Consumer Service (HTTP-POST): where the IdP posts its signed response.",
        },
        {
          label: "Metadata URL",
          value: `${baseUrl}/sso/saml/${id}/metadata`,
          hint: "Most IdPs can read the two values above from this document.",
        },
      ];
    case "OIDC":
      return [
        {
          label: "Redirect URI",
          value: `${baseUrl}/sso/oidc/${id}/callback`,
          hint: "Register it as the client's sign-in redirect URI (callback URL).",
        },
      ];
  }
}

/** Where the “Test connection” popup starts a sign-in that only shows the claims received. */
export function testConnectionUrl(connectorId: string): string {
  return `/sso/${encodeURIComponent(connectorId)}/start?test=1`;
}
