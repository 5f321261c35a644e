import type { Db } from "@guildhall/db";
import { SamlStatusError, type Profile } from "@node-saml/node-saml";
import {
  finishSamlSsoSignInInput,
  type FinishSamlSsoSignInInput,
  type SsoAttributeMapping,
} from "@guildhall/validators";
import { flowNow, type AccountFlowOptions } from "../accounts/options.ts";
import { parseInput } from "../parse.ts";
import { loadSsoConnectorForSignIn } from "../sso-connectors/load-sso-connector-for-sign-in.ts";
import { clip, ssoSignInFailed, withSsoFailureAudit } from "./failures.ts";
import { finishSsoSignIn, type SsoFinish } from "./finish-sso-sign-in.ts";
import { samlServiceProviderClient, SsoStateRequestIdCache } from "./saml-sp.ts";
import { consumeSsoState, ssoStateInvalid } from "./sign-in-state.ts";
import { readEmail, readName, type SsoProfile } from "./sso-profile.ts";

// Where IdPs put the address and the name (Entra ID / ADFS claim URIs, LDAP OIDs, plain names).
const EMAIL_ATTRIBUTES = [
  "email",
  "mail",
  "emailAddress",
  "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
  "urn:oid:0.9.2342.19200300.100.1.3",
];
const NAME_ATTRIBUTES = [
  "name",
  "displayName",
  "http://schemas.microsoft.com/identity/claims/displayname",
  "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
  "urn:oid:2.16.840.1.113730.3.1.241",
];
const GIVEN_NAME = [
  "givenName",
  "given_name",
  "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
];
const SURNAME = [
  "sn",
  "surname",
  "family_name",
  "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname",
];
const EMAIL_NAME_ID = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";

/**
 * Ends a SAML SSO sign-in at the ACS: uses up the sign-in the RelayState names, then lets
 * node-saml check the response: the assertion signed by one of the IdP's certificates,
 * Issuer, Audience (this SP), NotBefore/NotOnOrAfter (60 s skew) and InResponseTo (the
 * AuthnRequest this sign-in sent, so a replayed or unsolicited response fails); then links
 * or creates the user.
 *
 * SAML has no `email_verified`: the email attribute counts as verified because the IdP is
 * the company's own, and only for the connector's domains (see `signInSsoUser`).
 * @throws sso.state_invalid, sso.sign_in_failed (each with an audit entry)
 * @example const result = await finishSamlSsoSignIn(db, { connectorId, samlResponse, relayState }, opts);
 */
export async function finishSamlSsoSignIn(
  db: Db,
  input: FinishSamlSsoSignInInput,
  opts: AccountFlowOptions,
): Promise<SsoFinish> {
  const { connectorId, samlResponse, relayState } = parseInput(finishSamlSsoSignInInput, input);
  const now = flowNow(opts);
  return withSsoFailureAudit(db, connectorId, describeSamlError, async () => {
    const state = await consumeSsoState(db, { token: relayState, connectorId, now });
    if (!state.samlRequestId) throw ssoStateInvalid();
    const connector = await loadSsoConnectorForSignIn(db, {
      id: connectorId,
      instanceSecret: opts.instanceSecret,
    });
    if (connector.providerName !== "SAML") throw ssoStateInvalid();
    const saml = samlServiceProviderClient(
      connector.saml,
      { baseUrl: opts.baseUrl, connectorId },
      new SsoStateRequestIdCache({ id: state.samlRequestId, issuedAt: state.createdAt }),
    );
    const { profile: received } = await saml.validatePostResponseAsync({
      SAMLResponse: samlResponse,
      RelayState: relayState,
    });
    if (!received?.nameID) {
      throw ssoSignInFailed("The identity provider's answer names no user.", "no_name_id");
    }
    return finishSsoSignIn(
      db,
      connector,
      state,
      samlProfile(received, connector.attributeMapping),
      now,
    );
  });
}

function first(profile: Profile, names: string[]): unknown {
  for (const name of names) {
    const value: unknown = profile[name];
    const one = Array.isArray(value) ? (value as unknown[])[0] : value;
    if (typeof one === "string" && one.trim() !== "") return one;
  }
  return undefined;
}

function samlProfile(received: Profile, mapping: SsoAttributeMapping): SsoProfile {
  const attributes =
    typeof received.attributes === "object" && received.attributes !== null
      ? (received.attributes as Record<string, unknown>)
      : {};
  const email =
    // A mapped attribute comes first; the usual names are the fallback.
    readEmail(
      first(received, mapping.email ? [mapping.email, ...EMAIL_ATTRIBUTES] : EMAIL_ATTRIBUTES),
    ) ?? (received.nameIDFormat === EMAIL_NAME_ID ? readEmail(received.nameID) : null);
  const given = first(received, GIVEN_NAME);
  const surname = first(received, SURNAME);
  return {
    subject: received.nameID,
    issuer: received.issuer,
    email,
    emailVerified: email !== null,
    name:
      readName(
        first(received, mapping.name ? [mapping.name, ...NAME_ATTRIBUTES] : NAME_ATTRIBUTES),
      ) ?? readName([given, surname].filter((v) => typeof v === "string").join(" ")),
    avatarUrl: null,
    detail: {
      nameID: received.nameID,
      nameIDFormat: received.nameIDFormat,
      issuer: received.issuer,
      ...(received.sessionIndex ? { sessionIndex: received.sessionIndex } : {}),
      attributes,
    },
  };
}

function describeSamlError(error: unknown) {
  const detail = error instanceof Error ? error.message : String(error);
  if (error instanceof SamlStatusError) {
    return ssoSignInFailed(
      `The identity provider did not sign you in (${clip(detail)}).`,
      `idp_error: ${detail}`,
    );
  }
  return ssoSignInFailed(
    `The identity provider's answer could not be verified (${clip(detail)}). Start the sign-in again.`,
    `saml: ${detail}`,
  );
}
