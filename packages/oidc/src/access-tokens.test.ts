// Users' access tokens, as the organization API checks them: issued by the real provider
// through the authorization code flow, found with their user and scopes, and refused once
// the grant is revoked (the user's sign-in to the app ended).
import { createApplication, createUser, systemContext } from "@guildhall/core";
import * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browse, startTestOidcServer, type TestOidcServer } from "./test-server.ts";

let s: TestOidcServer;
const redirectUri = "http://127.0.0.1:9/callback";
const ORGS = "urn:guildhall:scope:organizations";

beforeAll(async () => {
  s = await startTestOidcServer();
});
afterAll(async () => {
  await s.close();
});

async function signIn(scope: string) {
  const ctx = systemContext(s.t.db);
  const user = await createUser(ctx, {
    email: `reader-${Date.now()}-${Math.random()}@example.com`,
  });
  const { application, secret } = await createApplication(ctx, {
    name: "Customer app",
    type: "Traditional",
    redirectUris: [redirectUri],
  });
  const cfg = await client.discovery(
    new URL(s.issuer),
    application.id,
    undefined,
    client.ClientSecretBasic(secret?.value ?? ""),
    { execute: [client.allowInsecureRequests] },
  );
  const pkce = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(cfg, {
    redirect_uri: redirectUri,
    scope,
    code_challenge: await client.calculatePKCECodeChallenge(pkce),
    code_challenge_method: "S256",
    state,
    // oidc-provider issues a refresh token (offline_access) only after a consent prompt.
    prompt: "consent",
  });
  const callback = await browse(url.href, await s.sessionCookie(user.id), redirectUri);
  const tokens = await client.authorizationCodeGrant(cfg, callback, {
    pkceCodeVerifier: pkce,
    expectedState: state,
  });
  return { user, application, cfg, tokens };
}

describe("findAccessToken", () => {
  it("finds a user's access token with its user, application and scopes", async () => {
    const { user, application, cfg, tokens } = await signIn(`openid offline_access ${ORGS}`);
    const found = await s.oidc.findAccessToken(tokens.access_token);
    expect(found).toMatchObject({ userId: user.id, clientId: application.id });
    expect(found?.scopes).toEqual(expect.arrayContaining(["openid", ORGS]));
    // What the customer app uses after the first hour: a refreshed one is found the same way.
    const refreshed = await client.refreshTokenGrant(cfg, tokens.refresh_token ?? "");
    expect(await s.oidc.findAccessToken(refreshed.access_token)).toMatchObject({
      userId: user.id,
    });
  });

  it("knows nothing of made-up tokens, and forgets a token whose grant was revoked", async () => {
    expect(await s.oidc.findAccessToken("not-a-token")).toBeUndefined();
    const { tokens } = await signIn(`openid ${ORGS}`);
    const found = await s.oidc.findAccessToken(tokens.access_token);
    expect(found).toBeDefined();
    const provider = s.oidc.provider();
    const accessToken = await provider.AccessToken.find(tokens.access_token);
    const grant = await provider.Grant.find(accessToken?.grantId ?? "");
    await grant?.destroy();
    expect(await s.oidc.findAccessToken(tokens.access_token)).toBeUndefined();
  });
});
