import type { Db } from "@guildhall/db";
import { startSsoSignInInput, type StartSsoSignInInput } from "@guildhall/validators";
import * as client from "openid-client";
import { flowNow, type AccountFlowOptions } from "../accounts/options.ts";
import { parseInput } from "../parse.ts";
import { loadSsoConnectorForSignIn } from "../sso-connectors/load-sso-connector-for-sign-in.ts";
import { clip, ssoSignInFailed, withSsoFailureAudit } from "./failures.ts";
import { oidcClientConfig } from "./oidc-client.ts";
import { samlServiceProviderClient, SsoStateRequestIdCache } from "./saml-sp.ts";
import { newSsoStateToken, SSO_STATE_TTL_MS, ssoStateId } from "./sign-in-state.ts";

/**
 * Where the browser goes to sign in at the IdP: a URL (OIDC, SAML HTTP-Redirect binding),
 * or a form to post (SAML HTTP-POST binding).
 */
export type SsoStart =
  { redirectUrl: string } | { form: { action: string; fields: Record<string, string> } };

/**
 * Starts an SSO sign-in (or a console "test connection") at a connector's IdP. Records the
 * sign-in in flight (state row, keyed by the hash of a random token the browser carries as
 * OIDC `state` / SAML RelayState) with what the answer will be checked against: OIDC nonce
 * and PKCE (S256) verifier, SAML AuthnRequest id.
 * @returns the redirect (or form) to the IdP and `stateToken`, which the console also keeps
 *   in a cookie so only the browser that started the sign-in can finish it
 * @throws sso.sign_in_failed (unknown connector, unreadable config, IdP discovery failed)
 * @example const { redirectUrl } = await startSsoSignIn(db, { connectorId, callbackUrl: "/" }, opts);
 */
export async function startSsoSignIn(
  db: Db,
  input: StartSsoSignInInput,
  opts: AccountFlowOptions,
): Promise<SsoStart & { stateToken: string }> {
  const { connectorId, callbackUrl, test } = parseInput(startSsoSignInInput, input);
  const now = flowNow(opts);
  return withSsoFailureAudit(db, connectorId, describeStartError, async () => {
    const connector = await loadSsoConnectorForSignIn(db, {
      id: connectorId,
      instanceSecret: opts.instanceSecret,
    });
    const stateToken = newSsoStateToken();
    const row = {
      id: ssoStateId(stateToken),
      ssoConnectorId: connectorId,
      callbackUrl,
      test,
      createdAt: now,
      expiresAt: new Date(now.getTime() + SSO_STATE_TTL_MS),
    };

    if (connector.providerName === "OIDC") {
      const config = await oidcClientConfig(connector.oidc);
      const nonce = client.randomNonce();
      const codeVerifier = client.randomPKCECodeVerifier();
      const redirectUrl = client.buildAuthorizationUrl(config, {
        redirect_uri: oidcRedirectUri(opts.baseUrl, connectorId),
        scope: connector.oidc.scope,
        response_type: "code",
        state: stateToken,
        nonce,
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: "S256",
      });
      await db.ssoSignInState.create({ data: { ...row, nonce, codeVerifier } });
      return { redirectUrl: redirectUrl.href, stateToken };
    }

    const cache = new SsoStateRequestIdCache();
    const saml = samlServiceProviderClient(
      connector.saml,
      { baseUrl: opts.baseUrl, connectorId },
      cache,
    );
    if (connector.saml.ssoBinding === "post") {
      const message = await saml.getAuthorizeMessageAsync(stateToken);
      await db.ssoSignInState.create({ data: { ...row, samlRequestId: requestId(cache) } });
      const fields = Object.fromEntries(
        Object.entries(message).flatMap(([k, v]) => (typeof v === "string" ? [[k, v]] : [])),
      );
      return { form: { action: connector.saml.ssoUrl, fields }, stateToken };
    }
    const redirectUrl = await saml.getAuthorizeUrlAsync(stateToken, undefined, {});
    await db.ssoSignInState.create({ data: { ...row, samlRequestId: requestId(cache) } });
    return { redirectUrl, stateToken };
  });
}

/** The redirect URI registered at an OIDC IdP for a connector. */
export function oidcRedirectUri(baseUrl: string, connectorId: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/sso/oidc/${encodeURIComponent(connectorId)}/callback`;
}

function requestId(cache: SsoStateRequestIdCache): string {
  if (!cache.savedId) throw new Error("node-saml built an AuthnRequest without an id");
  return cache.savedId;
}

function describeStartError(error: unknown) {
  const detail = error instanceof Error ? error.message : String(error);
  return ssoSignInFailed(
    `Could not reach the identity provider to start single sign-on (${clip(detail)}). Try again, or ask your administrator to check the connector.`,
    `start: ${detail}`,
  );
}
