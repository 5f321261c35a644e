import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  createBearerAuthenticator,
  createEventStream,
  createManagementApi,
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
  createUser,
  getPublishedSigningKeys,
  managementApiIndicator,
  removeMember as removeMembership,
  seedDemoData,
  setManagementApiAccess,
  systemContext,
} from "@guildhall/core";
import * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  browse,
  startTestOidcServer,
  type TestOidcServer,
} from "../../../packages/oidc/src/test-server.ts";
import { createCustomerApp, type CustomerApp, type RolesChangedMessage } from "./app.ts";
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
  const managementUrl = `http://127.0.0.1:${(managementServer.address() as AddressInfo).port}/api`;
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
