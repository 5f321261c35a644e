import type { Db } from "@guildhall/db";
import { finishOidcSsoSignInInput, type FinishOidcSsoSignInInput } from "@guildhall/validators";
import * as client from "openid-client";
import { flowNow, type AccountFlowOptions } from "../accounts/options.ts";
import { parseInput } from "../parse.ts";
import { loadSsoConnectorForSignIn } from "../sso-connectors/load-sso-connector-for-sign-in.ts";
import { clip, ssoSignInFailed, withSsoFailureAudit } from "./failures.ts";
import { oidcClientConfig } from "./oidc-client.ts";
import { finishSsoSignIn, type SsoFinish } from "./finish-sso-sign-in.ts";
import { consumeSsoState, ssoStateInvalid } from "./sign-in-state.ts";
import { readAvatarUrl, readEmail, readName, type SsoProfile } from "./sso-profile.ts";
import { oidcRedirectUri } from "./start-sso-sign-in.ts";

/**
 * Ends an OIDC SSO sign-in at the redirect URI: uses up the state, then lets openid-client
 * check the answer (state, IdP error response, code exchange with the PKCE verifier,
 * id_token signature, issuer, audience, expiry and nonce) and reads the claims; then links
 * or creates the user (see `signInSsoUser`) and starts the sign-in challenge.
 * @throws sso.state_invalid, sso.sign_in_failed (each with an audit entry)
 * @example const result = await finishOidcSsoSignIn(db, { connectorId, callbackUrlWithParams: req.url }, opts);
 */
export async function finishOidcSsoSignIn(
  db: Db,
  input: FinishOidcSsoSignInInput,
  opts: AccountFlowOptions,
): Promise<SsoFinish> {
  const { connectorId, callbackUrlWithParams } = parseInput(finishOidcSsoSignInInput, input);
  const now = flowNow(opts);
  return withSsoFailureAudit(db, connectorId, describeOidcError, async () => {
    // The answer is read at the redirect URI this server registered, whatever host or
    // proxy path the request came in on.
    let received: URL;
    try {
      received = new URL(callbackUrlWithParams);
    } catch {
      throw ssoStateInvalid();
    }
    const currentUrl = new URL(oidcRedirectUri(opts.baseUrl, connectorId));
    currentUrl.search = received.search;
    const stateToken = currentUrl.searchParams.get("state");
    if (!stateToken) throw ssoStateInvalid();
    const state = await consumeSsoState(db, { token: stateToken, connectorId, now });
    if (!state.nonce || !state.codeVerifier) throw ssoStateInvalid();

    const connector = await loadSsoConnectorForSignIn(db, {
      id: connectorId,
      instanceSecret: opts.instanceSecret,
    });
    if (connector.providerName !== "OIDC") throw ssoStateInvalid();
    const config = await oidcClientConfig(connector.oidc);
    const tokens = await client.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: state.codeVerifier,
      expectedNonce: state.nonce,
      expectedState: stateToken,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) throw ssoSignInFailed("The identity provider sent no ID token.", "no_id_token");
    // The userinfo endpoint often holds what the ID token leaves out (email, name).
    let info: Record<string, unknown> = {};
    if (tokens.access_token && config.serverMetadata().userinfo_endpoint) {
      info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
    }
    const all: Record<string, unknown> = { ...info, ...claims };
    // A mapped claim comes first; the standard one is the fallback.
    const { email: emailClaim, name: nameClaim } = connector.attributeMapping;
    const profile: SsoProfile = {
      subject: claims.sub,
      issuer: claims.iss,
      email: (emailClaim ? readEmail(all[emailClaim]) : null) ?? readEmail(all.email),
      emailVerified: all.email_verified === true,
      name:
        (nameClaim ? readName(all[nameClaim]) : null) ??
        readName(all.name) ??
        readName([all.given_name, all.family_name].filter(Boolean).join(" ")),
      avatarUrl: readAvatarUrl(all.picture),
      detail: all,
    };
    return finishSsoSignIn(db, connector, state, profile, now);
  });
}

function describeOidcError(error: unknown) {
  if (error instanceof client.AuthorizationResponseError) {
    const description = error.error_description ? `: ${error.error_description}` : "";
    return ssoSignInFailed(
      `The identity provider did not sign you in (${clip(error.error + description)}).`,
      `idp_error: ${error.error}`,
    );
  }
  const detail = error instanceof Error ? error.message : String(error);
  return ssoSignInFailed(
    `The identity provider's answer could not be verified (${clip(detail)}). Start the sign-in again.`,
    `oidc: ${detail}`,
  );
}
