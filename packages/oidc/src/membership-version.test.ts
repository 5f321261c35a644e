// Organization tokens issued by the real provider carry `mv`, the holder's roles version in
// the organization, and a role change makes the next token's `mv` larger: what a verifier
// following the event stream compares with `Organization.Membership.Roles.Updated`.
import {
  addOrganizationApplications,
  assignOrganizationApplicationRoles,
  createApplication,
  createOrganizationRole,
  replaceMemberRoles,
  seedDemoData,
  systemContext,
} from "@guildhall/core";
import { createOrganizationTokenVerifier } from "@guildhall/org-token/verify";
import * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browse, startTestOidcServer, type TestOidcServer } from "./test-server.ts";

let s: TestOidcServer;
const redirectUri = "http://127.0.0.1:9/callback";
const ORGS = "urn:guildhall:scope:organizations";

beforeAll(async () => {
  s = await startTestOidcServer();
  await seedDemoData(s.t.db);
});
afterAll(async () => {
  await s.close();
});

const config = (clientId: string, secret?: string) =>
  client.discovery(
    new URL(s.issuer),
    clientId,
    undefined,
    secret ? client.ClientSecretBasic(secret) : client.None(),
    { execute: [client.allowInsecureRequests] },
  );

const verifier = () =>
  createOrganizationTokenVerifier({ issuer: s.issuer, jwksUri: `${s.issuer}/jwks` });

describe("the mv claim", () => {
  it("is the member's roles version in a user's organization token, and grows after a role change", async () => {
    const db = s.t.db;
    const alice = await db.user.findUniqueOrThrow({ where: { email: "alice@example.com" } });
    const membership = await db.organizationMember.findFirstOrThrow({
      where: { userId: alice.id, roles: { some: {} } },
    });
    const { application: spa } = await createApplication(systemContext(db), {
      name: "SPA",
      type: "SPA",
      redirectUris: [redirectUri],
    });
    const cfg = await config(spa.id);
    const pkce = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const url = client.buildAuthorizationUrl(cfg, {
      redirect_uri: redirectUri,
      scope: `openid offline_access ${ORGS}`,
      code_challenge: await client.calculatePKCECodeChallenge(pkce),
      code_challenge_method: "S256",
      state,
      prompt: "consent",
    });
    const callback = await browse(url.href, await s.sessionCookie(alice.id), redirectUri);
    const tokens = await client.authorizationCodeGrant(cfg, callback, {
      pkceCodeVerifier: pkce,
      expectedState: state,
    });
    const orgToken = async (refreshToken: string) =>
      client.refreshTokenGrant(cfg, refreshToken, {
        organization_id: membership.organizationId,
      });
    const first = await orgToken(tokens.refresh_token ?? "");
    const claims = await verifier().verify(first.access_token);
    expect(claims.mv).toBe(String(membership.rolesVersion));

    // A demotion (every role taken away): the next token carries a larger version.
    await replaceMemberRoles(systemContext(db), {
      organizationId: membership.organizationId,
      userId: alice.id,
      organizationRoleIds: [],
      organizationRoleNames: [],
    });
    // Organization tokens do not rotate the refresh token: the same one asks again.
    const second = await orgToken(tokens.refresh_token ?? "");
    const later = await verifier().verify(second.access_token);
    expect(BigInt(later.mv ?? 0)).toBeGreaterThan(BigInt(claims.mv ?? 0));
  });

  it("is the application's roles version in a client_credentials organization token", async () => {
    const db = s.t.db;
    const ctx = systemContext(db);
    const org = await db.organization.findFirstOrThrow({ where: { name: "Acme" } });
    const { application, secret } = await createApplication(ctx, {
      name: "Bot",
      type: "MachineToMachine",
    });
    await addOrganizationApplications(ctx, {
      organizationId: org.id,
      applicationIds: [application.id],
    });
    const cfg = await config(application.id, secret?.value);
    const first = await verifier().verify(
      (await client.clientCredentialsGrant(cfg, { organization_id: org.id })).access_token,
    );
    const row = await db.organizationApplication.findUniqueOrThrow({
      where: {
        organizationId_applicationId: { organizationId: org.id, applicationId: application.id },
      },
    });
    expect(first.mv).toBe(String(row.rolesVersion));

    const role = await createOrganizationRole(ctx, { name: "bot-role", type: "MachineToMachine" });
    await assignOrganizationApplicationRoles(ctx, {
      organizationId: org.id,
      applicationId: application.id,
      organizationRoleIds: [role.id],
    });
    const second = await verifier().verify(
      (await client.clientCredentialsGrant(cfg, { organization_id: org.id })).access_token,
    );
    expect(BigInt(second.mv ?? 0)).toBeGreaterThan(BigInt(first.mv ?? 0));
  });

  it("(event stream) a plain client_credentials token is opaque and the provider names its client", async () => {
    const { application, secret } = await createApplication(systemContext(s.t.db), {
      name: "Stream reader",
      type: "MachineToMachine",
    });
    const cfg = await config(application.id, secret?.value);
    const { access_token } = await client.clientCredentialsGrant(cfg, {});
    // What the console's stream authenticator does with a token that is not a JWT.
    expect(access_token.includes(".")).toBe(false);
    const found = await s.oidc.provider().ClientCredentials.find(access_token);
    expect(found?.clientId).toBe(application.id);
    expect(await s.oidc.provider().ClientCredentials.find("not-a-token")).toBeUndefined();
  });
});
