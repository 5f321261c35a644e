import { createHash } from "node:crypto";
import * as client from "openid-client";

/** The settings of an OIDC connector, its client secret opened. */
export interface OidcConnectorConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  scope: string;
}

// Discovery documents change rarely; re-reading one for each redirect and each callback would
// double every sign-in's calls to the IdP. The key holds a hash of the secret, so a changed
// connector gets a fresh configuration at once.
const DISCOVERY_TTL_MS = 5 * 60 * 1000;
const cache = new Map<string, { config: client.Configuration; expiresAt: number }>();

/** Plain http is for an IdP on this machine (tests, local development) and nothing else. */
function isLocalHttp(issuer: URL): boolean {
  return (
    issuer.protocol === "http:" &&
    (issuer.hostname === "localhost" || issuer.hostname === "127.0.0.1")
  );
}

/**
 * The openid-client configuration of a connector: its IdP's discovery document (issuer
 * checked against the configured one by the library) and the client's credentials.
 */
export async function oidcClientConfig(config: OidcConnectorConfig): Promise<client.Configuration> {
  const key = [
    config.issuer,
    config.clientId,
    createHash("sha256").update(config.clientSecret).digest("base64url"),
  ].join("\n");
  const hit = cache.get(key);
  if (hit && hit.expiresAt > Date.now()) return hit.config;
  const issuer = new URL(config.issuer);
  const discovered = await client.discovery(
    issuer,
    config.clientId,
    { client_secret: config.clientSecret },
    client.ClientSecretBasic(config.clientSecret),
    isLocalHttp(issuer) ? { execute: [client.allowInsecureRequests] } : undefined,
  );
  cache.set(key, { config: discovered, expiresAt: Date.now() + DISCOVERY_TTL_MS });
  return discovered;
}
