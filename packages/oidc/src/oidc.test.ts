import {
  addRolePermissions,
  createApplication,
  createOrganizationPermission,
  createOrganizationRole,
  removeMember,
  rotateSigningKey,
  seedDemoData,
  setManagementApiAccess,
  setUserSuspended,
  systemContext,
  updateApplication,
  updateUser,
} from "@guildhall/core";
import { createOrganizationTokenVerifier } from "@guildhall/org-token/verify";
import * as client from "openid-client";
import { createRemoteJWKSet, decodeJwt, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browse, startTestOidcServer, TEST_SECRET, type TestOidcServer } from "./test-server.ts";

let s: TestOidcServer;
let ids: { acme: string; globex: string; alice: string; bob: string };
let spa: { id: string };
const redirectUri = "http://127.0.0.1:9/callback";
const ORGS = "urn:guildhall:scope:organizations";

beforeAll(async () => {
  s = await startTestOidcServer();
  const db = s.t.db;
  const seed = await seedDemoData(db);
  const find = (n: string) => seed.organizations.find((o) => o.name === n)?.id ?? "";
  const user = async (email: string) => (await db.user.findUniqueOrThrow({ where: { email } })).id;
  ids = {
    acme: find("Acme"),
    globex: find("Globex"),
    alice: await user("alice@example.com"),
    bob: await user("bob@example.com"),
  };
  const created = await createApplication(systemContext(db), {
    name: "Demo SPA",
    type: "SPA",
    redirectUris: [redirectUri],
  });
  spa = created.application;
});
afterAll(async () => {
  await s.close();
});

async function config(clientId: string, secret?: string) {
  return client.discovery(
    new URL(s.issuer),
    clientId,
    undefined,
    secret ? client.ClientSecretBasic(secret) : client.None(),
    {
      execute: [client.allowInsecureRequests],
    },
  );
}

/** Authorization code + PKCE for a signed-in user; returns the token response. */
async function signIn(
  userId: string,
  scope = `openid profile email offline_access ${ORGS}`,
  {
    clientId = spa.id,
    dpop,
    resource,
  }: {
    clientId?: string;
    dpop?: (cfg: client.Configuration) => Promise<client.DPoPHandle>;
    resource?: string;
  } = {},
) {
  const cfg = await config(clientId);
  const DPoP = dpop ? await dpop(cfg) : undefined;
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(cfg, {
    redirect_uri: redirectUri,
    scope,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    prompt: "consent",
    ...(resource ? { resource } : {}),
  });
  const callback = await browse(url.href, await s.sessionCookie(userId), redirectUri);
  const tokens = await client.authorizationCodeGrant(
    cfg,
    callback,
    { pkceCodeVerifier: verifier, expectedState: state },
    resource ? { resource } : undefined,
    DPoP ? { DPoP } : undefined,
  );
  return { cfg, tokens, DPoP };
}

async function orgToken(userId: string, organizationId: string, scope?: string) {
  const { cfg, tokens } = await signIn(userId);
  const params: Record<string, string> = { organization_id: organizationId };
  if (scope) params.scope = scope;
  return client.refreshTokenGrant(cfg, tokens.refresh_token ?? "", params);
}

async function oauthError(promise: Promise<unknown>) {
  const e = await promise.then(
    () => undefined,
    (err: unknown) =>
      err as {
        error?: string;
        status?: number;
        error_description?: string;
        cause?: { error?: string; error_description?: string };
      },
  );
  if (!e) throw new Error("expected an OAuth error");
  return {
    error: e.error ?? e.cause?.error,
    status: e.status,
    description: e.error_description ?? e.cause?.error_description,
  };
}

describe("OIDC provider", () => {
  it("publishes discovery and a JWKS with the signing key", async () => {
    const discovery = (await (
      await fetch(`${s.issuer}/.well-known/openid-configuration`)
    ).json()) as Record<string, unknown>;
    expect(discovery.issuer).toBe(s.issuer);
    expect(discovery.scopes_supported).toEqual(
      expect.arrayContaining([ORGS, "urn:guildhall:scope:organization_roles"]),
    );
    const jwks = (await (await fetch(`${s.issuer}/jwks`)).json()) as {
      keys: { kid: string; d?: string }[];
    };
    expect(jwks.keys.length).toBeGreaterThanOrEqual(1);
    expect(jwks.keys.every((k) => k.d === undefined)).toBe(true);
  });

  it("signs a user in with authorization code + PKCE and puts organizations in the ID token", async () => {
    const { tokens } = await signIn(ids.alice);
    const claims = tokens.claims();
    expect(claims?.sub).toBe(ids.alice);
    expect((claims?.organizations as string[]).sort()).toEqual([ids.acme, ids.globex].sort());
    expect(tokens.refresh_token).toBeTruthy();
  });

  it("sends a signed-out user to Guildhall's sign-in page, with the organization for branding", async () => {
    const cfg = await config(spa.id);
    const url = client.buildAuthorizationUrl(cfg, {
      redirect_uri: redirectUri,
      scope: "openid",
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
      code_challenge_method: "S256",
      organization_id: ids.acme,
    });
    const signIn = await browse(url.href, "none=1", `${s.baseUrl}/sign-in`);
    expect(signIn.searchParams.get("organization_id")).toBe(ids.acme);
    expect(signIn.searchParams.get("callbackUrl")).toMatch(/^\/interaction\//);
  });

  it("sees an application changed in this process at once, without waiting out the client cache", async () => {
    const ctx = systemContext(s.t.db);
    const { application } = await createApplication(ctx, {
      name: "Moving SPA",
      type: "SPA",
      redirectUris: [redirectUri],
    });
    await signIn(ids.alice, undefined, { clientId: application.id }); // the provider now knows the client
    const moved = "http://127.0.0.1:9/moved";
    await updateApplication(ctx, { id: application.id, redirectUris: [moved] });
    const cfg = await config(application.id);
    const url = client.buildAuthorizationUrl(cfg, {
      redirect_uri: moved,
      scope: "openid",
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
      code_challenge_method: "S256",
    });
    const callback = await browse(url.href, await s.sessionCookie(ids.alice), moved);
    expect(callback.searchParams.get("code")).toBeTruthy();
  });

  it("rotates refresh tokens", async () => {
    const { cfg, tokens } = await signIn(ids.bob);
    const next = await client.refreshTokenGrant(cfg, tokens.refresh_token ?? "");
    expect(next.refresh_token).not.toBe(tokens.refresh_token);
    const reuse = await oauthError(client.refreshTokenGrant(cfg, tokens.refresh_token ?? ""));
    expect(reuse.error).toBe("invalid_grant");
  });

  it("a password change or a suspension ends the apps' sessions: the refresh token is refused", async () => {
    const ctx = systemContext(s.t.db);
    for (const change of ["password", "suspension"] as const) {
      const user = await s.t.db.user.create({
        data: { email: `${change}-${Date.now()}@example.com`, emailVerifiedAt: new Date() },
      });
      const { cfg, tokens } = await signIn(user.id);
      const refreshed = await client.refreshTokenGrant(cfg, tokens.refresh_token ?? "");
      if (change === "password")
        await updateUser(ctx, { id: user.id, password: "a-brand-new-password" });
      else await setUserSuspended(ctx, { id: user.id, isSuspended: true });
      for (const refreshToken of [refreshed.refresh_token ?? "", tokens.refresh_token ?? ""]) {
        expect(await oauthError(client.refreshTokenGrant(cfg, refreshToken))).toMatchObject({
          error: "invalid_grant",
          status: 400,
        });
        const organization = await oauthError(
          client.refreshTokenGrant(cfg, refreshToken, { organization_id: ids.acme }),
        );
        expect(organization).toMatchObject({ error: "invalid_grant", status: 400 });
      }
    }
  });
});

describe("organization tokens and the refresh token's own protections", () => {
  it("a reused (rotated) refresh token gets nothing and ends the grant, as the library's own grant does", async () => {
    const { cfg, tokens } = await signIn(ids.alice);
    const next = await client.refreshTokenGrant(cfg, tokens.refresh_token ?? "");
    const reuse = await oauthError(
      client.refreshTokenGrant(cfg, tokens.refresh_token ?? "", { organization_id: ids.acme }),
    );
    expect(reuse).toMatchObject({ error: "invalid_grant", status: 400 });
    // Reuse means the token may be stolen: its successor is revoked with the grant.
    const successor = await oauthError(
      client.refreshTokenGrant(cfg, next.refresh_token ?? "", { organization_id: ids.acme }),
    );
    expect(successor.error).toBe("invalid_grant");
  });

  it("a DPoP-bound refresh token gets an organization token only with its proof", async () => {
    const { cfg, tokens, DPoP } = await signIn(ids.alice, `openid offline_access ${ORGS}`, {
      dpop: async (c) => client.getDPoPHandle(c, await client.randomDPoPKeyPair()),
    });
    const dpop = DPoP as client.DPoPHandle;
    const refreshToken = tokens.refresh_token ?? "";
    const stolen = await oauthError(
      client.refreshTokenGrant(cfg, refreshToken, { organization_id: ids.acme }),
    );
    expect(stolen).toMatchObject({ error: "invalid_grant", status: 400 });
    const bound = await client.refreshTokenGrant(
      cfg,
      refreshToken,
      { organization_id: ids.acme, scope: "remove:member" },
      { DPoP: dpop },
    );
    expect(decodeJwt(bound.access_token)).toMatchObject({
      sub: ids.alice,
      organization_id: ids.acme,
      scope: "remove:member",
    });
  });
});

describe("organization tokens (the seed scenario)", () => {
  it("Alice gets an Acme token with remove:member, verifiable with @guildhall/org-token", async () => {
    const res = await orgToken(ids.alice, ids.acme, "remove:member");
    expect(res.scope).toBe("remove:member");
    const verifier = createOrganizationTokenVerifier({
      issuer: s.issuer,
      jwksUri: `${s.issuer}/jwks`,
    });
    const claims = await verifier.verify(res.access_token, {
      organizationId: ids.acme,
      requiredScopes: ["remove:member"],
    });
    expect(claims).toMatchObject({
      sub: ids.alice,
      organization_id: ids.acme,
      aud: `urn:guildhall:organization:${ids.acme}`,
      client_id: spa.id,
    });
  });

  it("without scope, the token carries every permission the member holds", async () => {
    const res = await orgToken(ids.bob, ids.acme);
    expect(res.scope?.split(" ").sort()).toEqual(["invite:member", "read:content"]);
  });

  it("Bob asking Acme for remove:member gets 403 access_denied naming it", async () => {
    const e = await oauthError(orgToken(ids.bob, ids.acme, "remove:member"));
    expect(e).toMatchObject({ error: "access_denied", status: 403 });
    expect(e.description).toContain("remove:member");
  });

  it("Alice asking Globex for remove:member gets 403", async () => {
    expect(await oauthError(orgToken(ids.alice, ids.globex, "remove:member"))).toMatchObject({
      error: "access_denied",
      status: 403,
    });
  });

  it("Bob asking Globex (not a member) gets 403; so does an unknown organization", async () => {
    expect(await oauthError(orgToken(ids.bob, ids.globex))).toMatchObject({
      error: "access_denied",
      status: 403,
    });
    expect(await oauthError(orgToken(ids.bob, "no-such-org"))).toMatchObject({
      error: "access_denied",
      status: 403,
    });
  });

  it("a refresh token without the organizations scope gets 403 insufficient_scope", async () => {
    const { cfg, tokens } = await signIn(ids.alice, "openid offline_access");
    const e = await oauthError(
      client.refreshTokenGrant(cfg, tokens.refresh_token ?? "", { organization_id: ids.acme }),
    );
    expect(e).toMatchObject({ error: "insufficient_scope", status: 403 });
  });

  it("a suspended user gets 403; so does a user without MFA where the organization requires it", async () => {
    const db = s.t.db;
    const user = await db.user.create({
      data: { email: `mfa-${Date.now()}@example.com`, emailVerifiedAt: new Date() },
    });
    const org = await db.organization.create({ data: { name: `MFA Corp ${Date.now()}` } });
    await db.organizationMember.create({ data: { organizationId: org.id, userId: user.id } });
    const { cfg, tokens } = await signIn(user.id);
    const request = () =>
      client.refreshTokenGrant(cfg, tokens.refresh_token ?? "", { organization_id: org.id });
    // Refresh tokens rotate only without organization_id, so the same one serves every request here.
    await expect(request()).resolves.toMatchObject({ scope: "" });

    await db.organization.update({ where: { id: org.id }, data: { isMfaRequired: true } });
    expect(await oauthError(request())).toMatchObject({
      error: "access_denied",
      status: 403,
      description: expect.stringMatching(/multi-factor/) as unknown,
    });
    await db.user.update({ where: { id: user.id }, data: { mfaEnabledAt: new Date() } });
    await expect(request()).resolves.toMatchObject({ token_type: "bearer" });

    await db.user.update({ where: { id: user.id }, data: { suspendedAt: new Date() } });
    expect(await oauthError(request())).toMatchObject({
      error: "access_denied",
      status: 403,
      description: expect.stringMatching(/suspended/) as unknown,
    });
  });

  it("lives as long as the application's access-token TTL, then the verifier says expired (frozen clock)", async () => {
    const { application } = await createApplication(systemContext(s.t.db), {
      name: "Short-lived SPA",
      type: "SPA",
      redirectUris: [redirectUri],
      accessTokenTtl: 120,
    });
    const { cfg, tokens } = await signIn(ids.alice, undefined, { clientId: application.id });
    const res = await client.refreshTokenGrant(cfg, tokens.refresh_token ?? "", {
      organization_id: ids.acme,
    });
    expect(res.expires_in).toBe(120);
    const { iat, exp } = decodeJwt(res.access_token) as { iat: number; exp: number };
    expect(exp - iat).toBe(120);
    const at = (seconds: number) =>
      createOrganizationTokenVerifier({
        issuer: s.issuer,
        jwksUri: `${s.issuer}/jwks`,
        clockTolerance: 0,
        now: () => seconds * 1000,
      });
    await expect(at(exp - 1).verify(res.access_token)).resolves.toMatchObject({ sub: ids.alice });
    await expect(at(exp + 1).verify(res.access_token)).rejects.toMatchObject({ code: "expired" });
  });

  it("concurrent requests, read in shared batches, each get exactly their own member's answer", async () => {
    const alice = await signIn(ids.alice);
    const bob = await signIn(ids.bob);
    const ask = (who: typeof alice, organizationId: string) =>
      client
        .refreshTokenGrant(who.cfg, who.tokens.refresh_token ?? "", {
          organization_id: organizationId,
        })
        .then(
          (r) => ({
            sub: decodeJwt(r.access_token).sub,
            org: decodeJwt(r.access_token).organization_id,
            scope: r.scope,
          }),
          (e: { error?: string }) => ({ error: e.error }),
        );
    const cases: [typeof alice, string][] = [
      [alice, ids.acme],
      [bob, ids.acme],
      [alice, ids.globex],
      [bob, ids.globex],
    ];
    const expected = await Promise.all(cases.map(([who, org]) => ask(who, org)));
    expect(expected[3]).toEqual({ error: "access_denied" });
    // The same 4 questions, 10 times over, all in flight together.
    const all = Array.from({ length: 10 }, () => cases).flat();
    const answers = await Promise.all(all.map(([who, org]) => ask(who, org)));
    answers.forEach((answer, i) => expect(answer).toEqual(expected[i % 4]));
  });

  it("a template change shows in the next token; removing the member denies the next one", async () => {
    const ctx = systemContext(s.t.db);
    const perm = await createOrganizationPermission(ctx, { name: "export:data" });
    const member = await s.t.db.organizationRole.findUniqueOrThrow({ where: { name: "member" } });
    await addRolePermissions(ctx, { roleId: member.id, permissionIds: [perm.id] });
    const { cfg, tokens } = await signIn(ids.bob);
    const first = await client.refreshTokenGrant(cfg, tokens.refresh_token ?? "", {
      organization_id: ids.acme,
    });
    expect(first.scope?.split(" ")).toContain("export:data");
    await removeMember(ctx, { organizationId: ids.acme, userId: ids.bob });
    const e = await oauthError(
      client.refreshTokenGrant(cfg, tokens.refresh_token ?? "", { organization_id: ids.acme }),
    );
    expect(e).toMatchObject({ error: "access_denied", status: 403 });
  });
});

describe("API resources and global roles", () => {
  it("gives a user an access token for an API with exactly the permissions of their global roles", async () => {
    const db = s.t.db;
    const indicator = "https://things.example.test";
    const api = await db.apiResource.create({
      data: {
        name: "Things API",
        indicator,
        accessTokenTtl: 600,
        scopes: { create: [{ name: "read:things" }, { name: "write:things" }] },
      },
      include: { scopes: true },
    });
    const read = api.scopes.find((x) => x.name === "read:things")?.id ?? "";
    await db.role.create({
      data: {
        name: "Things reader",
        type: "User",
        scopes: { create: [{ scopeId: read }] },
        users: { create: [{ userId: ids.alice }] },
      },
    });
    const scope = `openid offline_access read:things write:things`;
    const verify = async (token: string) =>
      (
        await jwtVerify(token, createRemoteJWKSet(new URL(`${s.issuer}/jwks`)), {
          issuer: s.issuer,
          audience: indicator,
        })
      ).payload;

    const alice = await signIn(ids.alice, scope, { resource: indicator });
    const claims = await verify(alice.tokens.access_token);
    expect(claims).toMatchObject({ sub: ids.alice, scope: "read:things" });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(600);

    // Bob holds no role: a token for the API, with no permission in it...
    const bob = await signIn(ids.bob, scope, { resource: indicator });
    expect((await verify(bob.tokens.access_token)).scope ?? "").toBe("");
    // ...until he gets one: the next token has it, without signing in again.
    const role = await db.role.findUniqueOrThrow({ where: { name: "Things reader" } });
    await db.userRole.create({ data: { userId: ids.bob, roleId: role.id } });
    const refreshed = await client.refreshTokenGrant(bob.cfg, bob.tokens.refresh_token ?? "", {
      resource: indicator,
    });
    expect(await verify(refreshed.access_token)).toMatchObject({
      sub: ids.bob,
      scope: "read:things",
    });
  });
});

describe("machine-to-machine", () => {
  it("gets a Management API token only with the Management API role", async () => {
    const ctx = systemContext(s.t.db);
    const { application, secret } = await createApplication(ctx, {
      name: "Automation",
      type: "MachineToMachine",
    });
    const cfg = await config(application.id, secret?.value);
    const resource = `${s.baseUrl}/api`;
    const denied = await oauthError(client.clientCredentialsGrant(cfg, { resource, scope: "all" }));
    expect(denied.error).toBe("invalid_target");
    await setManagementApiAccess(ctx, { applicationId: application.id, enabled: true });
    const granted = await client.clientCredentialsGrant(cfg, { resource, scope: "all" });
    const { payload } = await jwtVerify(
      granted.access_token,
      createRemoteJWKSet(new URL(`${s.issuer}/jwks`)),
      {
        issuer: s.issuer,
        audience: resource,
      },
    );
    expect(payload.scope).toBe("all");
    expect(payload.client_id).toBe(application.id);
    // Ten minutes, not the hour of other APIs: such a token can do anything an admin can.
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(600);
    expect(granted.expires_in).toBeLessThanOrEqual(600);
    const wrongSecret = await config(application.id, "ghs_wrong");
    const bad = await oauthError(
      client.clientCredentialsGrant(wrongSecret, { resource, scope: "all" }),
    );
    expect(bad.status).toBe(401);
  });

  it("gets organization tokens only where it is a member, with its roles' permissions", async () => {
    const db = s.t.db;
    const ctx = systemContext(db);
    const { application, secret } = await createApplication(ctx, {
      name: "Bot",
      type: "MachineToMachine",
    });
    const cfg = await config(application.id, secret?.value);
    expect(
      await oauthError(client.clientCredentialsGrant(cfg, { organization_id: ids.globex })),
    ).toMatchObject({ error: "access_denied", status: 403 });
    const role = await db.organizationRole.create({
      data: {
        name: "bot",
        type: "MachineToMachine",
        permissions: { create: [{ permission: { connect: { name: "read:content" } } }] },
      },
    });
    await db.organizationApplication.create({
      data: {
        organizationId: ids.globex,
        applicationId: application.id,
        roles: { create: [{ roleId: role.id }] },
      },
    });
    const token = await client.clientCredentialsGrant(cfg, { organization_id: ids.globex });
    const claims = decodeJwt(token.access_token);
    expect(claims).toMatchObject({
      sub: application.id,
      organization_id: ids.globex,
      scope: "read:content",
    });
  });
});

describe("organization tokens for an API (organization roles with API permissions)", () => {
  const indicator = "https://invoices.example.test";
  let billing: { id: string };
  let scopeIds: { read: string; write: string; export: string };

  beforeAll(async () => {
    const db = s.t.db;
    const api = await db.apiResource.create({
      data: {
        name: "Invoices API",
        indicator,
        accessTokenTtl: 900,
        scopes: {
          create: [{ name: "read:invoice" }, { name: "write:invoice" }, { name: "export:invoice" }],
        },
      },
      include: { scopes: true },
    });
    const id = (name: string) => api.scopes.find((x) => x.name === name)?.id ?? "";
    scopeIds = {
      read: id("read:invoice"),
      write: id("write:invoice"),
      export: id("export:invoice"),
    };
    // The role carries API permissions (created the way the console and REST API do).
    billing = await createOrganizationRole(systemContext(db), {
      name: "billing",
      resourceScopeIds: [scopeIds.read, scopeIds.write],
    });
    // Alice is billing in Acme only; she is also a member of Globex, without it.
    await db.organizationMemberRole.create({
      data: { organizationId: ids.acme, userId: ids.alice, roleId: billing.id },
    });
    // A global role holding export:invoice: it is no part of organization tokens.
    await db.role.create({
      data: {
        name: "Invoice exporter",
        scopes: { create: [{ scopeId: scopeIds.export }] },
        users: { create: [{ userId: ids.alice }] },
      },
    });
  });

  const scope = `openid offline_access ${ORGS} read:invoice write:invoice export:invoice`;
  const verifier = () =>
    createOrganizationTokenVerifier({
      issuer: s.issuer,
      jwksUri: `${s.issuer}/jwks`,
      audience: indicator,
    });
  async function apiToken(userId: string, organizationId: string, params = {}) {
    const { cfg, tokens } = await signIn(userId, scope, { resource: indicator });
    return client.refreshTokenGrant(cfg, tokens.refresh_token ?? "", {
      organization_id: organizationId,
      resource: indicator,
      ...params,
    });
  }

  it("carries the permissions Alice's organization roles grant for that API in Acme: aud the API, organization_id claim", async () => {
    const res = await apiToken(ids.alice, ids.acme);
    expect(res.scope?.split(" ").sort()).toEqual(["read:invoice", "write:invoice"]);
    expect(res.expires_in).toBe(900);
    const claims = await verifier().verify(res.access_token, {
      organizationId: ids.acme,
      requiredScopes: ["write:invoice"],
    });
    expect(claims).toMatchObject({
      iss: s.issuer,
      sub: ids.alice,
      aud: indicator,
      organization_id: ids.acme,
      client_id: spa.id,
    });
    // The API's TTL, and no export:invoice: Alice's global role does not count here.
    expect(claims.exp - claims.iat).toBe(900);
    expect(claims.scopes).not.toContain("export:invoice");
    // Also a plain RFC 9068 JWT for any JOSE library.
    const { payload } = await jwtVerify(
      res.access_token,
      createRemoteJWKSet(new URL(`${s.issuer}/jwks`)),
      { issuer: s.issuer, audience: indicator, typ: "at+jwt" },
    );
    expect(payload.organization_id).toBe(ids.acme);
  });

  it("narrows to the requested permissions and denies one the roles do not grant (403)", async () => {
    expect((await apiToken(ids.alice, ids.acme, { scope: "read:invoice" })).scope).toBe(
      "read:invoice",
    );
    const e = await oauthError(apiToken(ids.alice, ids.acme, { scope: "export:invoice" }));
    expect(e).toMatchObject({ error: "access_denied", status: 403 });
    expect(e.description).toContain("export:invoice");
  });

  it("in an organization where her roles grant nothing for the API, the token carries nothing", async () => {
    const res = await apiToken(ids.alice, ids.globex);
    expect(res.scope ?? "").toBe("");
    expect(
      (await verifier().verify(res.access_token, { organizationId: ids.globex })).scopes,
    ).toEqual([]);
  });

  it("refuses a non-member with 403 access_denied, and an organization that does not exist", async () => {
    expect(await oauthError(apiToken(ids.bob, ids.globex))).toMatchObject({
      error: "access_denied",
      status: 403,
    });
    expect(await oauthError(apiToken(ids.bob, "no-such-org"))).toMatchObject({
      error: "access_denied",
      status: 403,
    });
  });

  it("needs the API asked for at sign-in and the organizations scope", async () => {
    // Signed in without resource=: the refresh token does not serve the API (RFC 8707).
    const plain = await signIn(ids.alice);
    expect(
      await oauthError(
        client.refreshTokenGrant(plain.cfg, plain.tokens.refresh_token ?? "", {
          organization_id: ids.acme,
          resource: indicator,
        }),
      ),
    ).toMatchObject({ error: "invalid_target", status: 400 });
    const noOrgs = await signIn(ids.alice, "openid offline_access read:invoice", {
      resource: indicator,
    });
    expect(
      await oauthError(
        client.refreshTokenGrant(noOrgs.cfg, noOrgs.tokens.refresh_token ?? "", {
          organization_id: ids.acme,
          resource: indicator,
        }),
      ),
    ).toMatchObject({ error: "insufficient_scope", status: 403 });
  });

  it("gives only what the user consented to at sign-in", async () => {
    const { cfg, tokens } = await signIn(ids.alice, `openid offline_access ${ORGS} read:invoice`, {
      resource: indicator,
    });
    const res = await client.refreshTokenGrant(cfg, tokens.refresh_token ?? "", {
      organization_id: ids.acme,
      resource: indicator,
    });
    expect(res.scope).toBe("read:invoice");
  });

  it("reads the template when issuing: a permission taken from the role is gone from the next token", async () => {
    const { cfg, tokens } = await signIn(ids.alice, scope, { resource: indicator });
    const request = () =>
      client.refreshTokenGrant(cfg, tokens.refresh_token ?? "", {
        organization_id: ids.acme,
        resource: indicator,
      });
    expect((await request()).scope?.split(" ")).toContain("write:invoice");
    await s.t.db.organizationRoleApiScope.delete({
      where: {
        organizationRoleId_scopeId: { organizationRoleId: billing.id, scopeId: scopeIds.write },
      },
    });
    expect((await request()).scope).toBe("read:invoice");
    await s.t.db.organizationRoleApiScope.create({
      data: { organizationRoleId: billing.id, scopeId: scopeIds.write },
    });
  });

  it("machine-to-machine: client_credentials with organization_id and resource, only where the app is a member", async () => {
    const db = s.t.db;
    const ctx = systemContext(db);
    const { application, secret } = await createApplication(ctx, {
      name: "Invoice bot",
      type: "MachineToMachine",
    });
    const cfg = await config(application.id, secret?.value);
    const role = await createOrganizationRole(ctx, {
      name: "invoice-bot",
      type: "MachineToMachine",
      resourceScopeIds: [scopeIds.read],
    });
    await db.organizationApplication.create({
      data: {
        organizationId: ids.acme,
        applicationId: application.id,
        roles: { create: [{ roleId: role.id }] },
      },
    });
    const token = await client.clientCredentialsGrant(cfg, {
      organization_id: ids.acme,
      resource: indicator,
    });
    expect(token.scope).toBe("read:invoice");
    expect(
      await verifier().verify(token.access_token, {
        organizationId: ids.acme,
        requiredScopes: ["read:invoice"],
      }),
    ).toMatchObject({ sub: application.id, aud: indicator, organization_id: ids.acme });
    expect(
      await oauthError(
        client.clientCredentialsGrant(cfg, { organization_id: ids.globex, resource: indicator }),
      ),
    ).toMatchObject({ error: "access_denied", status: 403 });
    expect(
      await oauthError(
        client.clientCredentialsGrant(cfg, {
          organization_id: ids.acme,
          resource: "https://unknown.example.test",
        }),
      ),
    ).toMatchObject({ error: "invalid_target", status: 400 });
    // The Management API is never reached through an organization.
    expect(
      await oauthError(
        client.clientCredentialsGrant(cfg, {
          organization_id: ids.acme,
          resource: `${s.baseUrl}/api`,
        }),
      ),
    ).toMatchObject({ error: "invalid_target", status: 400 });
  });
});

describe("signing key rotation", () => {
  it("keeps tokens signed by the old key verifiable and signs new ones with the new key", async () => {
    const before = await orgToken(ids.alice, ids.acme);
    const oldKid = (
      JSON.parse(Buffer.from(before.access_token.split(".")[0] ?? "", "base64url").toString()) as {
        kid: string;
      }
    ).kid;
    const { kid } = await rotateSigningKey(systemContext(s.t.db), { secret: TEST_SECRET });
    await s.oidc.reloadKeys();
    const after = await orgToken(ids.alice, ids.acme);
    const newKid = (
      JSON.parse(Buffer.from(after.access_token.split(".")[0] ?? "", "base64url").toString()) as {
        kid: string;
      }
    ).kid;
    expect(newKid).toBe(kid);
    expect(newKid).not.toBe(oldKid);
    const verifier = createOrganizationTokenVerifier({
      issuer: s.issuer,
      jwksUri: `${s.issuer}/jwks`,
    });
    await expect(verifier.verify(before.access_token)).resolves.toMatchObject({ sub: ids.alice });
    await expect(verifier.verify(after.access_token)).resolves.toMatchObject({ sub: ids.alice });
  });
});
