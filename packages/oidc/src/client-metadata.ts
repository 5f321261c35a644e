import type { Application } from "@guildhall/db";
import type { ClientMetadata } from "oidc-provider";

/**
 * Translates an application row into oidc-provider client metadata. Secrets are stored
 * hashed, so confidential clients carry a placeholder here and the provider's secret
 * comparison is replaced (see provider.ts) with a check against the hashes.
 */
export function clientMetadata(app: Application): ClientMetadata {
  const base = {
    client_id: app.id,
    client_name: app.name,
    id_token_signed_response_alg: "ES256" as const,
    post_logout_redirect_uris: app.postLogoutRedirectUris,
    "urn:guildhall:first_party": !app.isThirdParty,
    "urn:guildhall:access_token_ttl": app.accessTokenTtl,
    "urn:guildhall:refresh_token_ttl": app.refreshTokenTtl,
  };
  switch (app.type) {
    case "SPA":
      return {
        ...base,
        application_type: "web",
        token_endpoint_auth_method: "none",
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        redirect_uris: app.redirectUris,
      };
    case "Native":
      return {
        ...base,
        application_type: "native",
        token_endpoint_auth_method: "none",
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        redirect_uris: app.redirectUris,
      };
    case "Traditional":
      return {
        ...base,
        application_type: "web",
        token_endpoint_auth_method: "client_secret_basic",
        client_secret: placeholderSecret(app.id),
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        redirect_uris: app.redirectUris,
      };
    case "MachineToMachine":
      return {
        ...base,
        application_type: "web",
        token_endpoint_auth_method: "client_secret_basic",
        client_secret: placeholderSecret(app.id),
        grant_types: ["client_credentials"],
        response_types: [],
        redirect_uris: [],
      };
  }
}

/** Never accepted as a secret: compareClientSecret is replaced by the hash check. */
function placeholderSecret(id: string) {
  return `hashed-secret-placeholder-${id}`;
}
