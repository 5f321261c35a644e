import { SAML, ValidateInResponseTo, type CacheProvider } from "@node-saml/node-saml";
import type { SamlIdp } from "../sso-connectors/saml-metadata.ts";
import { SSO_STATE_TTL_MS } from "./sign-in-state.ts";

/** Guildhall's SAML service provider for one connector: its entity id and ACS URL. */
export function samlServiceProvider(baseUrl: string, connectorId: string) {
  const base = baseUrl.replace(/\/+$/, "");
  const entityId = `${base}/sso/saml/${encodeURIComponent(connectorId)}`;
  return { entityId, acsUrl: `${entityId}/acs`, metadataUrl: `${entityId}/metadata` };
}

/** Clock difference tolerated between the IdP and this server. */
export const SAML_CLOCK_SKEW_MS = 60_000;

/**
 * The request-id cache node-saml checks InResponseTo against. Nothing lives in process
 * memory: the id is kept on the sign-in's state row (`samlRequestId`), so the answer may
 * reach any server, and the state row is used up before the answer is checked, so a
 * response is accepted once.
 */
export class SsoStateRequestIdCache implements CacheProvider {
  /** Set by node-saml when it builds an AuthnRequest. */
  savedId: string | null = null;
  /** At the ACS: the request id the sign-in's state holds, and when that request was made. */
  constructor(private readonly expected: { id: string; issuedAt: Date } | null = null) {}

  saveAsync(key: string, value: string) {
    this.savedId = key;
    return Promise.resolve({ value, createdAt: Date.now() });
  }

  getAsync(key: string) {
    // node-saml reads the value as the request's creation instant.
    const { expected } = this;
    return Promise.resolve(
      expected && key === expected.id ? expected.issuedAt.toISOString() : null,
    );
  }

  removeAsync(key: string | null) {
    return Promise.resolve(key);
  }
}

/**
 * A node-saml SP for one connector. Strict on purpose: the assertion must be signed by one
 * of the IdP's certificates (a signed response around an unsigned assertion is not enough),
 * answer a request this SP made (`InResponseTo`, no IdP-initiated sign-in), name this SP as
 * its audience and come from the configured IdP, within a minute of clock skew.
 */
export function samlServiceProviderClient(
  idp: SamlIdp,
  sp: { baseUrl: string; connectorId: string },
  cache: SsoStateRequestIdCache,
): SAML {
  const { entityId, acsUrl } = samlServiceProvider(sp.baseUrl, sp.connectorId);
  return new SAML({
    callbackUrl: acsUrl,
    issuer: entityId,
    audience: entityId,
    // A request id is only ever answered within the sign-in's own lifetime.
    requestIdExpirationPeriodMs: SSO_STATE_TTL_MS,
    entryPoint: idp.ssoUrl,
    idpIssuer: idp.entityId,
    idpCert: idp.certificates.map((c) => c.pem),
    authnRequestBinding: idp.ssoBinding === "post" ? "HTTP-POST" : "HTTP-Redirect",
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: false,
    validateInResponseTo: ValidateInResponseTo.always,
    cacheProvider: cache,
    acceptedClockSkewMs: SAML_CLOCK_SKEW_MS,
    // The IdP decides how the user authenticates (password, MFA, ...) and the NameID format.
    disableRequestedAuthnContext: true,
    identifierFormat: null,
    signatureAlgorithm: "sha256",
  });
}
