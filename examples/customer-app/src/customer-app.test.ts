import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  createBearerAuthenticator,
  createEventStream,
  createManagementApi,
  createMemberAuthenticators,
  createNodeListener,
  type EventStream,
} from "@guildhall/api/rest";
import {
  addMembers,
  assignMemberRoles,
  replaceMemberRoles,
  startEventPump,
  type EventPump,
  createApplication,
  createManagementApiAccessCheck,
  createOrganization,
  createUser,
  endAllUserSessions,
  getPublishedSigningKeys,
  managementApiIndicator,
  removeMember as removeMembership,
  seedDemoData,
  setManagementApiAccess,
  systemContext,
  updateApplication,
} from "@guildhall/core";
import { createGuildhallClient, GuildhallApiError } from "@guildhall/react/client";
import * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  browse,
  startTestOidcServer,
  TEST_SECRET,
  type TestOidcServer,
} from "../../../packages/oidc/src/test-server.ts";
import { createCustomerApp, type CustomerApp, type RolesChangedMessage } from "./app.ts";
import { decodeJwtPayload } from "./claims.ts";
import { SIGN_IN_SCOPES } from "./guildhall-client.ts";
import { hiddenField, TestBrowser, type Page } from "./test-browser.ts";

let s: TestOidcServer;
let appServer: Server;
let customerApp: CustomerApp;
/** Guildhall's REST Management API and event stream, on a server of their own beside the OIDC test server. */
let managementServer: Server;
let pump: EventPump;
let events: EventStream;
let appBase: string;
/** Where the Management API and the organization API (`/api/my`) are served. */
let guildhallApiBase: string;
let app: { clientId: string; clientSecret: string };
let ids: { acme: string; globex: string; alice: string; bob: string };

beforeAll(async () => {
  s = await startTestOidcServer();
  const db = s.t.db;
  const seed = await seedDemoData(db);
  const org = (name: string) => seed.organizations.find((o) => o.name === name)?.id ?? "";
  const user = async (email: string) => (await db.user.findUniqueOrThrow({ where: { email } })).id;
  ids = {
    acme: org("Acme"),
    globex: org("Globex"),
    alice: await user("alice@example.com"),
    bob: await user("bob@example.com"),
  };

  // Listen first: the redirect URIs registered in Guildhall need the app's port.
  const holder: { handler?: RequestListener } = {};
  appServer = createServer((req, res) => {
    if (holder.handler) return holder.handler(req, res);
    res.statusCode = 503;
    res.end();
  });
  await new Promise<void>((resolve) => appServer.listen(0, "127.0.0.1", resolve));
  appBase = `http://127.0.0.1:${(appServer.address() as AddressInfo).port}`;

  const { application, secret } = await createApplication(systemContext(db), {
    name: "Example customer app",
    type: "Traditional",
    redirectUris: [`${appBase}/callback`],
    postLogoutRedirectUris: [`${appBase}/`],
  });
  app = { clientId: application.id, clientSecret: secret?.value ?? "" };

  // The Management API as the console serves it, for the tokens the OIDC server issues.
  const resource = managementApiIndicator(s.baseUrl);
  const authenticate = createBearerAuthenticator({
    issuer: s.issuer,
    audience: resource,
    getPublicKeys: async () => await getPublishedSigningKeys(db),
    isClientAllowed: createManagementApiAccessCheck(db),
  });
  const managementApi = createNodeListener(
    createManagementApi({
      db,
      baseUrl: s.baseUrl,
      authenticate,
      // The organization API, as the console serves it: what @guildhall/react calls.
      authenticateMember: createMemberAuthenticators({
        issuer: s.issuer,
        getPublicKeys: async () => await getPublishedSigningKeys(db),
        findAccessToken: (token) => s.oidc.findAccessToken(token),
      }),
      // Seals invitation links in the email outbox (the Team page invites people).
      instanceSecret: TEST_SECRET,
      onError: (error) => console.error(error),
    }),
  );
  // The event stream as the console serves it: the app's freshness monitor and its relay read it.
  pump = startEventPump({ db, intervalMs: 50, expireInvitationsEveryMs: 0 });
  events = createEventStream({ db, pump, authenticate, heartbeatMs: 1000 });
  managementServer = createServer((req, res) => {
    if (!events.handle(req, res)) void managementApi(req, res);
  });
  await new Promise<void>((resolve) => managementServer.listen(0, "127.0.0.1", resolve));
  guildhallApiBase = `http://127.0.0.1:${(managementServer.address() as AddressInfo).port}`;
  const managementUrl = `${guildhallApiBase}/api`;
  // The app's machine-to-machine application, as GUILDHALL_BOOTSTRAP_M2M_* would create it.
  const m2m = await createApplication(systemContext(db), {
    name: "Example customer app backend",
    type: "MachineToMachine",
  });
  await setManagementApiAccess(systemContext(db), {
    applicationId: m2m.application.id,
    enabled: true,
  });

  customerApp = createCustomerApp({
    issuer: s.issuer,
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    baseUrl: appBase,
    sessionSecret: "customer-app-test-session-secret-0123456789",
    management: {
      clientId: m2m.application.id,
      clientSecret: m2m.secret?.value ?? "",
      resource,
      url: managementUrl,
    },
  });
  holder.handler = customerApp;
});

afterAll(async () => {
  customerApp.shutdown();
  events.close();
  await pump.stop();
  appServer.closeAllConnections();
  await new Promise((resolve) => appServer.close(resolve));
  managementServer.closeAllConnections();
  await new Promise((resolve) => managementServer.close(resolve));
  await s.close();
});

/** A browser already signed in to Guildhall (its session cookie), then signed in to the app. */
async function signedIn(userId: string): Promise<{ browser: TestBrowser; dashboard: Page }> {
  const browser = new TestBrowser();
  browser.setCookie(s.baseUrl, await s.sessionCookie(userId));
  const dashboard = await browser.navigate(`${appBase}/login`);
  expect(dashboard.url.href).toBe(`${appBase}/dashboard`);
  expect(dashboard.status).toBe(200);
  return { browser, dashboard };
}

async function selectOrganization(
  browser: TestBrowser,
  dashboard: Page,
  organizationId: string,
): Promise<Page> {
  const page = await browser.navigate(`${appBase}/organization`, {
    form: { _csrf: hiddenField(dashboard.text, "_csrf"), organizationId },
  });
  expect(page.url.href).toBe(`${appBase}/dashboard`);
  return page;
}

async function removeMember(browser: TestBrowser, dashboard: Page, userId: string): Promise<Page> {
  const confirm = await browser.navigate(
    `${appBase}/remove-member?userId=${encodeURIComponent(userId)}`,
  );
  expect(confirm.html).toContain("Remove member?");
  const page = await browser.navigate(`${appBase}/remove-member`, {
    form: {
      _csrf: hiddenField(confirm.text, "_csrf"),
      userId: hiddenField(confirm.text, "userId"),
    },
  });
  expect(page.url.href).toBe(`${appBase}/dashboard`);
  return page;
}

/** The text of the page's flash message. */
function flash(page: Page): string {
  return (
    /<p class="flash (?:success|error)" role="(?:status|alert)">([^<]*)<\/p>/
      .exec(page.html)?.[1]
      ?.trim() ?? ""
  );
}

describe("example customer app, end to end against Guildhall", () => {
  it("shows the home page with a sign-in button, and sends signed-out visitors there", async () => {
    const browser = new TestBrowser();
    const home = await browser.navigate(`${appBase}/dashboard`);
    expect(home.url.href).toBe(`${appBase}/`);
    expect(home.html).toContain('<a class="button" href="/login">Sign in with Guildhall</a>');
    expect(home.headers.get("content-security-policy")).toContain("default-src 'none'");
  });

  it("starts an authorization code + PKCE request with the organization scopes", async () => {
    const browser = new TestBrowser();
    const res = await browser.request(`${appBase}/login`);
    expect(res.status).toBe(303);
    const url = new URL(res.headers.get("location") ?? "");
    expect(`${url.origin}${url.pathname}`).toBe(`${s.issuer}/auth`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: app.clientId,
      response_type: "code",
      redirect_uri: `${appBase}/callback`,
      scope: SIGN_IN_SCOPES,
      code_challenge_method: "S256",
    });
    expect(url.searchParams.get("state")).toBeTruthy();
    expect(url.searchParams.get("code_challenge")).toBeTruthy();
    // The transaction cookie is encrypted and HttpOnly.
    expect(res.headers.getSetCookie().join("\n")).toMatch(
      /^customer_app_auth=v1\.[^;]+;.*HttpOnly.*SameSite=Lax/,
    );
  });

  it("signs Alice in and lists her organizations with her roles from the ID token", async () => {
    const { browser, dashboard } = await signedIn(ids.alice);
    expect(dashboard.html).toContain("alice@example.com");
    expect(dashboard.html).toContain(`<code>${ids.alice}</code>`);
    expect(dashboard.html).toContain(`<option value="${ids.acme}">${ids.acme} (admin)</option>`);
    expect(dashboard.html).toContain(
      `<option value="${ids.globex}">${ids.globex} (member)</option>`,
    );
    // The session cookie is sealed: neither the refresh token nor the claims are readable.
    expect(browser.cookieNames(appBase)).toContain("customer_app_session");
  });

  it("Alice in Acme: gets an organization token with remove:member, and Bob is removed in Guildhall", async () => {
    const { browser, dashboard } = await signedIn(ids.alice);
    const acme = await selectOrganization(browser, dashboard, ids.acme);
    expect(acme.html).toContain(
      `<h2 id="token-heading">Selected organization <code>${ids.acme}</code></h2>`,
    );
    expect(acme.html).toMatch(
      /<ul class="tags" aria-label="Permissions">.*<li>remove:member<\/li>/,
    );
    expect(acme.html).toContain(
      `<dt>Audience (<code>aud</code>)</dt><dd><code>urn:guildhall:organization:${ids.acme}</code></dd>`,
    );

    const done = await removeMember(browser, acme, ids.bob);
    expect(flash(done)).toBe(
      `Removed ${ids.bob} from organization ${ids.acme} in Guildhall. The API verified the organization token of ${ids.alice}.`,
    );
    const db = s.t.db;
    const membership = { organizationId: ids.acme, userId: ids.bob };
    expect(await db.organizationMember.count({ where: membership })).toBe(0);
    expect(
      await db.auditLog.count({
        where: { action: "member.removed", targetId: ids.bob, actorType: "management_api" },
      }),
    ).toBe(1);

    // Removing him again: Guildhall says he is not a member, and so does the app.
    const again = await removeMember(browser, acme, ids.bob);
    expect(flash(again)).toMatch(/^The API refused the removal \(404 not_found\): .*not a member/);

    // Bob back in Acme as a member, for the tests below.
    await addMembers(systemContext(db), { organizationId: ids.acme, userIds: [ids.bob] });
    const memberRole = await db.organizationRole.findUniqueOrThrow({ where: { name: "member" } });
    await assignMemberRoles(systemContext(db), {
      ...membership,
      organizationRoleIds: [memberRole.id],
    });
  });

  it("Bob in Acme: Guildhall refuses remove:member (403 access_denied) and the app says so", async () => {
    const { browser, dashboard } = await signedIn(ids.bob);
    expect(dashboard.html).not.toContain(ids.globex);
    const acme = await selectOrganization(browser, dashboard, ids.acme);
    expect(acme.html).toContain("<li>invite:member</li>");
    expect(acme.html).not.toContain("<li>remove:member</li>");

    const refused = await removeMember(browser, acme, ids.alice);
    expect(flash(refused)).toMatch(
      new RegExp(
        `^You don&#39;t have remove:member in organization ${ids.acme}\\. Guildhall said: .*remove:member`,
      ),
    );
  });

  it("Alice in Globex: refused too (she is only a member there)", async () => {
    const { browser, dashboard } = await signedIn(ids.alice);
    const globex = await selectOrganization(browser, dashboard, ids.globex);
    expect(globex.html).not.toContain("<li>remove:member</li>");
    const refused = await removeMember(browser, globex, ids.bob);
    expect(flash(refused)).toMatch(
      new RegExp(`^You don&#39;t have remove:member in organization ${ids.globex}\\.`),
    );
  });

  it("does not switch to an organization the user is not a member of, and checks the form token", async () => {
    const { browser, dashboard } = await signedIn(ids.bob);
    const page = await selectOrganization(browser, dashboard, ids.globex);
    expect(flash(page)).toBe("You are not a member of that organization.");
    const forged = await browser.request(`${appBase}/organization`, {
      form: { _csrf: "forged", organizationId: ids.acme },
    });
    expect(forged.status).toBe(403);
  });

  it("the API route verifies real Guildhall tokens: Bob's token (no remove:member) gets 403, Alice's Acme token 200", async () => {
    // Tokens obtained directly with openid-client as this app's client, to call the API as another service would.
    const config = await client.discovery(
      new URL(s.issuer),
      app.clientId,
      undefined,
      client.ClientSecretBasic(app.clientSecret),
      {
        execute: [client.allowInsecureRequests],
      },
    );
    async function organizationToken(userId: string, organizationId: string) {
      const verifier = client.randomPKCECodeVerifier();
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: `${appBase}/callback`,
        scope: SIGN_IN_SCOPES,
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: "S256",
        prompt: "consent",
      });
      const callback = await browse(url.href, await s.sessionCookie(userId), `${appBase}/callback`);
      const tokens = await client.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: verifier,
      });
      return (
        await client.refreshTokenGrant(config, tokens.refresh_token ?? "", {
          organization_id: organizationId,
        })
      ).access_token;
    }
    const carol = await createUser(systemContext(s.t.db), { email: "carol-api@example.com" });
    await addMembers(systemContext(s.t.db), { organizationId: ids.acme, userIds: [carol.id] });
    async function callApi(token: string, organizationId: string, userId = carol.id) {
      const res = await fetch(`${appBase}/api/members/remove`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ organizationId, userId }),
      });
      return {
        status: res.status,
        challenge: res.headers.get("www-authenticate"),
        body: (await res.json()) as Record<string, unknown>,
      };
    }

    const bob = await callApi(await organizationToken(ids.bob, ids.acme), ids.acme);
    expect(bob.status).toBe(403);
    expect(bob.challenge).toContain('error="insufficient_scope"');
    expect(bob.challenge).toContain('scope="remove:member"');

    const aliceAcme = await organizationToken(ids.alice, ids.acme);
    expect(await callApi(aliceAcme, ids.globex)).toMatchObject({
      status: 403,
      body: { error: "insufficient_scope" },
    });
    expect(await callApi(aliceAcme, ids.acme)).toEqual({
      status: 200,
      challenge: null,
      body: { ok: true, removedBy: ids.alice, organizationId: ids.acme, userId: carol.id },
    });
    expect(
      await s.t.db.organizationMember.count({
        where: { organizationId: ids.acme, userId: carol.id },
      }),
    ).toBe(0);
    expect(await callApi(aliceAcme, ids.acme, "user_to_remove")).toMatchObject({
      status: 404,
      body: { error: "not_found" },
    });
    const aliceGlobex = await organizationToken(ids.alice, ids.globex);
    expect((await callApi(aliceGlobex, ids.globex)).status).toBe(403);
  });

  it("reloads organizations with a plain refresh (new ID token, rotated refresh token)", async () => {
    const { browser, dashboard } = await signedIn(ids.alice);
    const page = await browser.navigate(`${appBase}/refresh`, {
      form: { _csrf: hiddenField(dashboard.text, "_csrf") },
    });
    expect(flash(page)).toBe("Organizations reloaded.");
    expect(page.html).toContain(`<option value="${ids.acme}">${ids.acme} (admin)</option>`);
    // The rotated refresh token still gets organization tokens.
    const acme = await selectOrganization(browser, page, ids.acme);
    expect(acme.html).toContain("<li>remove:member</li>");
  });

  it("signs out through Guildhall (RP-initiated logout) and comes back to the home page", async () => {
    const { browser, dashboard } = await signedIn(ids.alice);
    const res = await browser.request(`${appBase}/logout`, {
      form: { _csrf: hiddenField(dashboard.text, "_csrf") },
    });
    expect(res.status).toBe(303);
    const endSession = new URL(res.headers.get("location") ?? "");
    expect(`${endSession.origin}${endSession.pathname}`).toBe(`${s.issuer}/session/end`);
    expect(endSession.searchParams.get("post_logout_redirect_uri")).toBe(`${appBase}/`);
    expect(endSession.searchParams.get("client_id")).toBe(app.clientId);
    expect(endSession.searchParams.get("id_token_hint")).toMatch(/^ey/);
    expect(browser.cookieNames(appBase)).not.toContain("customer_app_session");

    // Guildhall asks for confirmation, then redirects to the registered post-logout URI.
    const prompt = await browser.navigate(endSession);
    expect(prompt.status).toBe(200);
    const action = /<form[^>]*action="([^"]+)"/.exec(prompt.text)?.[1] ?? "";
    const back = await browser.navigate(new URL(action, endSession), {
      form: { xsrf: hiddenField(prompt.text, "xsrf"), logout: "yes" },
    });
    expect(`${back.url.origin}${back.url.pathname}`).toBe(`${appBase}/`);
    expect(back.html).toContain("Sign in with Guildhall");
  });

  it("shows a member without permissions an empty scope, and a refusal once the membership is removed", async () => {
    const ctx = systemContext(s.t.db);
    const carol = await createUser(ctx, { email: "carol@example.com", emailVerified: true });
    await addMembers(ctx, { organizationId: ids.acme, userIds: [carol.id] });
    const { browser, dashboard } = await signedIn(carol.id);
    expect(dashboard.html).toContain(
      "<span>Signed in as <strong>carol@example.com</strong></span>",
    );
    const acme = await selectOrganization(browser, dashboard, ids.acme);
    expect(acme.html).toContain("None: your roles grant no permissions here.");

    await removeMembership(ctx, { organizationId: ids.acme, userId: carol.id });
    const after = await browser.navigate(`${appBase}/dashboard`);
    expect(after.status).toBe(200);
    expect(after.html).toContain(
      `role="alert">Guildhall refused an organization token for ${ids.acme}: you may no longer be a member.`,
    );
  });
  it("Alice demoted in Acme: her page hears of it, her token is stale, a silent refresh gives the smaller one", async () => {
    const db = s.t.db;
    const role = async (name: string) =>
      (await db.organizationRole.findFirstOrThrow({ where: { name } })).id;
    const [admin, member] = [await role("admin"), await role("member")];
    const { browser, dashboard } = await signedIn(ids.alice);
    const before = await selectOrganization(browser, dashboard, ids.acme);
    const accessToken = (page: string) => /data-access-token="([^"]*)"/.exec(page)?.[1] ?? "";
    const oldToken = accessToken(before.text);
    expect(before.html).toContain('id="admin-actions"');
    expect(before.html).toContain('src="/dashboard.js"');

    const me = async (token: string) => {
      const res = await fetch(`${appBase}/api/organizations/${ids.acme}/me`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    // Once the app's freshness monitor has caught up with Guildhall's stream, the token passes.
    await vi.waitFor(async () => expect((await me(oldToken)).status).toBe(200), {
      timeout: 10_000,
    });

    // Alice's open page: the relay's Server-Sent Events.
    const controller = new AbortController();
    const frames: string[] = [];
    const sse = await fetch(`${appBase}/events`, {
      headers: { cookie: browser.cookieHeader(new URL(appBase)) },
      signal: controller.signal,
    });
    expect(sse.status).toBe(200);
    const reader = sse.body?.getReader();
    void (async () => {
      const decoder = new TextDecoder();
      try {
        for (;;) {
          const chunk = await reader?.read();
          if (!chunk || chunk.done) return;
          frames.push(decoder.decode(chunk.value, { stream: true }));
        }
      } catch {
        // aborted below
      }
    })();
    try {
      // The relay subscribes upstream when the first page opens: the monitor's stream and its.
      await vi.waitFor(() => expect(events.connections()).toBe(2), { timeout: 10_000 });
      await replaceMemberRoles(systemContext(db), {
        organizationId: ids.acme,
        userId: ids.alice,
        organizationRoleIds: [member],
      });
      const expected: RolesChangedMessage = {
        organizationId: ids.acme,
        organization: "Acme",
        before: ["admin"],
        after: ["member"],
        removed: false,
      };
      await vi.waitFor(
        () =>
          expect(frames.join("")).toContain(
            `event: roles-changed\ndata: ${JSON.stringify(expected)}\n\n`,
          ),
        { timeout: 10_000 },
      );
      await vi.waitFor(
        async () =>
          expect(await me(oldToken)).toMatchObject({ status: 401, body: { error: "token_stale" } }),
        { timeout: 10_000 },
      );

      // The page's silent refresh: new ID token and organization token, re-rendered sections.
      const refreshed = await browser.request(`${appBase}/dashboard/refresh`, {
        method: "POST",
        headers: { "x-csrf-token": hiddenField(before.text, "_csrf") },
      });
      expect(refreshed.status).toBe(200);
      const { html } = JSON.parse(refreshed.text) as { html: string };
      expect(html).not.toContain('id="admin-actions"');
      expect(html).toContain("<li>member</li>");
      const newToken = accessToken(html);
      expect(newToken).not.toBe(oldToken);
      expect(await me(newToken)).toEqual({
        status: 200,
        body: {
          userId: ids.alice,
          organizationId: ids.acme,
          permissions: expect.not.arrayContaining(["remove:member"]) as unknown,
        },
      });
      // A reload shows the same: the session holds the new ID token and refresh token.
      const reloaded = await browser.navigate(`${appBase}/dashboard`);
      expect(reloaded.html).not.toContain('id="admin-actions"');
      expect(reloaded.html).not.toContain("<li>remove:member</li>");
      // The refresh needs the page's CSRF token.
      const forged = await browser.request(`${appBase}/dashboard/refresh`, { method: "POST" });
      expect(forged.status).toBe(403);
    } finally {
      controller.abort();
      await replaceMemberRoles(systemContext(db), {
        organizationId: ids.acme,
        userId: ids.alice,
        organizationRoleIds: [admin],
      });
    }
  });

  it("an organization requiring MFA: the app offers to sign in again, Guildhall asks for enrolment, then the token is issued", async () => {
    const ctx = systemContext(s.t.db);
    const dave = await createUser(ctx, { email: "dave@example.com", emailVerified: true });
    const secure = await s.t.db.organization.create({
      data: { name: "Secure Corp", isMfaRequired: true },
    });
    await addMembers(ctx, { organizationId: secure.id, userIds: [dave.id] });
    const { browser, dashboard } = await signedIn(dave.id);
    const refused = await selectOrganization(browser, dashboard, secure.id);
    expect(refused.html).toContain(`${secure.id} requires two-step verification`);
    const retry = `/login?organization_id=${secure.id}`;
    expect(refused.html).toContain(`href="${retry}"`);

    // Guildhall sends the user to its enrolment page (not served by this test server).
    const enrol = await browser.navigate(`${appBase}${retry}`);
    expect(`${enrol.url.origin}${enrol.url.pathname}`).toBe(`${s.baseUrl}/account/mfa-setup`);

    await s.t.db.userMfaFactor.create({
      data: { userId: dave.id, type: "totp", confirmedAt: new Date() },
    });
    await s.t.db.user.update({ where: { id: dave.id }, data: { mfaEnabledAt: new Date() } });
    const issued = await browser.navigate(`${appBase}${retry}`);
    expect(issued.url.href).toBe(`${appBase}/dashboard`);
    expect(issued.html).toContain("Guildhall issued this organization token just now");
    expect(issued.html).toContain(secure.id);
  });
});

describe("Team page: @guildhall/react with tokens from the session's refresh token", () => {
  interface TokenAnswer {
    status: number;
    body: Record<string, unknown>;
    setsCookie: boolean;
  }
  async function tokenRequest(
    browser: TestBrowser,
    path: string,
    csrf?: string,
  ): Promise<TokenAnswer> {
    const page = await browser.request(`${appBase}${path}`, {
      headers: csrf === undefined ? {} : { "x-csrf-token": csrf },
    });
    expect(page.headers.get("content-type")).toMatch(/^application\/json/);
    return {
      status: page.status,
      body: JSON.parse(page.text) as Record<string, unknown>,
      setsCookie: page.headers.getSetCookie().length > 0,
    };
  }
  const organizationToken = (id: string) =>
    `/session/organization-token?organization_id=${encodeURIComponent(id)}`;
  /** Guildhall's userinfo endpoint accepts the user's access token, until its sign-in is revoked. */
  async function userinfo(accessToken: string) {
    const res = await fetch(`${s.issuer}/me`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  it("refuses signed-out visitors: 401 JSON from the token routes, the home page for /team", async () => {
    const browser = new TestBrowser();
    expect(await tokenRequest(browser, "/session/access-token")).toMatchObject({
      status: 401,
      body: { error: "signed_out" },
    });
    expect(await tokenRequest(browser, organizationToken(ids.acme))).toMatchObject({
      status: 401,
      body: { error: "signed_out" },
    });
    const team = await browser.request(`${appBase}/team`);
    expect(team.status).toBe(303);
    expect(team.headers.get("location")).toBe("/");
  });

  it("serves the page with its configuration and the bundled script, linked from the dashboard", async () => {
    const { browser, dashboard } = await signedIn(ids.alice);
    expect(dashboard.html).toContain('<a class="button" href="/team">Team</a>');
    const team = await browser.navigate(`${appBase}/team?organization_id=${ids.acme}`);
    expect(team.status).toBe(200);
    expect(team.html).toContain('<script src="/team.js" defer></script>');
    expect(team.html).toContain(`data-guildhall-url="${s.baseUrl}"`);
    expect(team.html).toContain(`data-organization-id="${ids.acme}"`);
    expect(team.html).toContain(`data-csrf="${hiddenField(dashboard.text, "_csrf")}"`);
    // The browser calls Guildhall's organization API itself; nothing else may be reached.
    expect(team.headers.get("content-security-policy")).toContain(
      `connect-src 'self' ${s.baseUrl};`,
    );
    expect(dashboard.headers.get("content-security-policy")).toContain("connect-src 'self';");

    const script = await browser.request(`${appBase}/team.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toMatch(/^(text|application)\/javascript/);
    expect(script.text).toContain("/session/organization-token?organization_id=");
    expect(script.text).toContain("guildhall:members:read"); // @guildhall/react, bundled
    expect(script.text).not.toMatch(/process\.env/);
  });

  it("gives an organization token for a membership, refuses others, and needs the page's CSRF token", async () => {
    const { browser, dashboard } = await signedIn(ids.alice);
    const csrf = hiddenField(dashboard.text, "_csrf");
    expect(await tokenRequest(browser, organizationToken(ids.acme))).toMatchObject({
      status: 403,
      body: { error: "invalid_csrf_token" },
    });

    const acme = await tokenRequest(browser, organizationToken(ids.acme), csrf);
    expect(acme).toMatchObject({ status: 200, body: { token_type: "Bearer" } });
    expect(typeof acme.body.expires_in).toBe("number");
    const claims = decodeJwtPayload(String(acme.body.access_token));
    expect(claims).toMatchObject({
      sub: ids.alice,
      aud: `urn:guildhall:organization:${ids.acme}`,
      organization_id: ids.acme,
    });
    expect(String(acme.body.scope).split(" ")).toContain("remove:member");
    // No rotation for an organization token: the cookie stays.
    expect(acme.setsCookie).toBe(false);

    const elsewhere = await createOrganization(systemContext(s.t.db), { name: "Not Alice's" });
    expect(await tokenRequest(browser, organizationToken(elsewhere.id), csrf)).toMatchObject({
      status: 403,
      body: { error: "access_denied", error_description: expect.any(String) as unknown },
    });
    expect(
      await tokenRequest(browser, "/session/organization-token?organization_id=a%20b", csrf),
    ).toMatchObject({
      status: 400,
      body: { error: "invalid_request" },
    });
  });

  it("gives the user's access token, the same one while it lives, which Guildhall accepts", async () => {
    const { browser, dashboard } = await signedIn(ids.alice);
    const csrf = hiddenField(dashboard.text, "_csrf");
    expect(await tokenRequest(browser, "/session/access-token")).toMatchObject({ status: 403 });
    const first = await tokenRequest(browser, "/session/access-token", csrf);
    expect(first).toMatchObject({ status: 200, body: { token_type: "Bearer" }, setsCookie: false });
    expect(first.body.expires_in).toBeGreaterThan(3000);
    const second = await tokenRequest(browser, "/session/access-token", csrf);
    expect(second.body.access_token).toBe(first.body.access_token);
    expect(await userinfo(String(first.body.access_token))).toMatchObject({
      status: 200,
      body: { sub: ids.alice },
    });
  });

  it("never spends a refresh token twice: parallel requests and stale cookies share one rotation", async () => {
    const ctx = systemContext(s.t.db);
    // Access tokens of 60 s: each one the page asks for needs a refresh (a rotation).
    await updateApplication(ctx, { id: app.clientId, accessTokenTtl: 60 });
    try {
      const { browser, dashboard } = await signedIn(ids.alice);
      const csrf = hiddenField(dashboard.text, "_csrf");
      const signInCookie = browser.cookieHeader(new URL(appBase));
      // What the page does on load: its access token and an organization token, at once.
      const answers = await Promise.all([
        tokenRequest(browser, "/session/access-token", csrf),
        tokenRequest(browser, "/session/access-token", csrf),
        tokenRequest(browser, "/session/access-token", csrf),
        tokenRequest(browser, organizationToken(ids.acme), csrf),
      ]);
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
      const [a, b, c] = answers.map((answer) => answer.body.access_token);
      expect(new Set([a, b, c]).size).toBe(1);
      // Each answer carries the rotated refresh token in the session cookie.
      expect(answers.slice(0, 3).map((answer) => answer.setsCookie)).toEqual([true, true, true]);

      // A request still carrying the sign-in cookie is served with the newest refresh token.
      const stale = await fetch(`${appBase}${organizationToken(ids.acme)}`, {
        headers: { cookie: signInCookie, "x-csrf-token": csrf },
      });
      expect(stale.status).toBe(200);
      // The sign-in was not revoked as a stolen refresh token: everything still works.
      expect(await tokenRequest(browser, organizationToken(ids.globex), csrf)).toMatchObject({
        status: 200,
      });
      const next = await tokenRequest(browser, "/session/access-token", csrf);
      expect(next.status).toBe(200);
      expect(next.body.access_token).not.toBe(a);
      expect(await userinfo(String(next.body.access_token))).toMatchObject({ status: 200 });
    } finally {
      await updateApplication(ctx, { id: app.clientId, accessTokenTtl: 3600 });
    }
  });

  it("@guildhall/react's client runs Acme through Guildhall's organization API with the tokens the app hands out", async () => {
    const { browser, dashboard } = await signedIn(ids.alice);
    const csrf = hiddenField(dashboard.text, "_csrf");
    const token = async (path: string) => {
      const answer = await tokenRequest(browser, path, csrf);
      if (answer.status !== 200) throw new Error(String(answer.body.error_description));
      return String(answer.body.access_token);
    };
    const guildhall = createGuildhallClient({
      baseUrl: guildhallApiBase,
      getAccessToken: () => token("/session/access-token"),
      getOrganizationToken: (id) => token(organizationToken(id)),
    });

    const organizations = await guildhall.listMyOrganizations();
    const acme = organizations.find((o) => o.id === ids.acme);
    expect(organizations.map((o) => o.name).sort()).toEqual(["Acme", "Globex"]);
    expect(acme?.roles.map((r) => r.name)).toEqual(["admin"]);
    expect(acme?.permissions).toEqual(
      expect.arrayContaining([
        "guildhall:members:read",
        "guildhall:members:roles",
        "remove:member",
      ]),
    );
    expect((await guildhall.getOrganization(ids.acme)).name).toBe("Acme");

    const roles = await guildhall.listRoles(ids.acme);
    const member = roles.find((r) => r.name === "member");
    expect(roles.find((r) => r.name === "admin")).toMatchObject({ grantable: true });
    expect(member?.grantable).toBe(true);

    const bob = await guildhall.listMembers(ids.acme, { q: "bob@example.com" });
    expect(bob.total).toBe(1);
    expect(bob.items[0]).toMatchObject({
      id: ids.bob,
      primaryEmail: "bob@example.com",
      organizationRoles: [expect.objectContaining({ name: "member" })],
    });
    await guildhall.replaceMemberRoles(ids.acme, ids.bob, [member?.id ?? ""]);

    const invitation = await guildhall.createInvitation(ids.acme, {
      email: "team-page-invitee@example.com",
      roleIds: [member?.id ?? ""],
    });
    expect(invitation).toMatchObject({
      invitee: "team-page-invitee@example.com",
      status: "Pending",
      organizationRoles: [{ id: member?.id, name: "member" }],
    });
    expect(invitation.expiresAt).toBeGreaterThan(Date.now());
    await guildhall.resendInvitation(ids.acme, invitation.id);
    await guildhall.revokeInvitation(ids.acme, invitation.id);
    const invitations = await guildhall.listInvitations(ids.acme);
    expect(invitations.items.find((i) => i.id === invitation.id)?.status).toBe("Revoked");

    // Globex: Alice is a plain member there.
    const refused = await guildhall.listMembers(ids.globex).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(GuildhallApiError);
    expect(refused).toMatchObject({ status: 403, code: "auth.forbidden" });

    // The demo lets everyone create organizations, creators becoming admin.
    const created = await guildhall.createOrganization({ name: "Alice's own", description: null });
    expect(created).toMatchObject({ name: "Alice's own", description: null });
    const mine = await guildhall.listMyOrganizations();
    expect(mine.find((o) => o.id === created.id)?.roles.map((r) => r.name)).toEqual(["admin"]);
  });

  it("says when the Guildhall session has ended (401, and the app's session is cleared)", async () => {
    const ctx = systemContext(s.t.db);
    const erin = await createUser(ctx, { email: "erin-team@example.com", emailVerified: true });
    await addMembers(ctx, { organizationId: ids.acme, userIds: [erin.id] });
    const { browser, dashboard } = await signedIn(erin.id);
    const csrf = hiddenField(dashboard.text, "_csrf");
    // Signed out everywhere (as a password change does): the app's refresh token dies with it.
    await s.t.db.$transaction((tx) => endAllUserSessions(tx, erin.id));
    expect(await tokenRequest(browser, organizationToken(ids.acme), csrf)).toMatchObject({
      status: 401,
      body: { error: "session_expired" },
    });
    expect(browser.cookieNames(appBase)).not.toContain("customer_app_session");
  });
});
