import { z } from "zod";
import {
  createSsoConnectorInput,
  MASKED_SECRET,
  ssoConnector,
  ssoConnectorProvider,
  updateSsoConnectorInput,
} from "../sso-connector.ts";
import { restTimestamp } from "./common.ts";

/** Logto's `SsoConnectorProviderDetail`. */
export const restSsoConnectorProvider = ssoConnectorProvider.meta({
  id: "SsoConnectorProviderDetail",
});
export type RestSsoConnectorProvider = z.output<typeof restSsoConnectorProvider>;

/**
 * A connector in Logto's shape (`SsoConnectorWithProviderConfig`) plus Guildhall's
 * `allowPasswordSignIn`. Secrets never appear: `config.clientSecret` is always `********`.
 */
export const restSsoConnector = ssoConnector
  .extend({
    config: z.record(z.string(), z.unknown()).meta({
      description: `The provider settings as entered. OIDC: issuer, clientId, clientSecret (always \`${MASKED_SECRET}\`), scope. SAML: idpMetadataXml, or entityId, ssoUrl and x509Certificate.`,
    }),
    providerConfig: z.record(z.string(), z.unknown()).optional().meta({
      description:
        "What Guildhall read from the config. SAML: the IdP's entity ID, SSO URL and binding, and its signing certificates (subject, expiry, SHA-256 fingerprint).",
    }),
    domains: z.array(z.string()).meta({
      description:
        "Lower-cased email domains whose users sign in through this connector (home-realm discovery).",
    }),
    allowPasswordSignIn: z.boolean().meta({
      description:
        "Guildhall only: users of these domains may still sign in with a password instead.",
    }),
    createdAt: restTimestamp,
  })
  .meta({ id: "SsoConnectorWithProviderConfig" });
export type RestSsoConnector = z.output<typeof restSsoConnector>;

export const restCreateSsoConnectorBody = createSsoConnectorInput.extend({
  config: createSsoConnectorInput.shape.config.meta({
    description:
      "Provider settings; may be left out and set later. OIDC: { issuer, clientId, clientSecret, scope? }. SAML: { idpMetadataXml } or { entityId, ssoUrl, x509Certificate }.",
    // The reference's example (an OIDC connector, as its providerName example): a made-up
    // record would pass the body schema but not the service's per-provider check.
    examples: [
      {
        issuer: "https://idp.example.com",
        clientId: "guildhall",
        clientSecret: "idp-client-secret",
        scope: "openid profile email",
      },
    ],
  }),
});

export const restUpdateSsoConnectorBody = updateSsoConnectorInput.omit({ id: true }).extend({
  config: updateSsoConnectorInput.shape.config.meta({
    description: `Merged over the stored settings. Leave clientSecret out (or send \`${MASKED_SECRET}\`) to keep it.`,
    examples: [{ scope: "openid profile email" }],
  }),
});
