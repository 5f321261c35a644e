import { createHash } from "node:crypto";
import { createApplication, seedDemoData, systemContext } from "@guildhall/core";
import * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { oidcContentSecurityPolicy } from "./security-headers.ts";
import { startTestOidcServer, type TestOidcServer } from "./test-server.ts";

let s: TestOidcServer;
let aliceCookie: string;
let thirdParty: { id: string };
let firstParty: { id: string };
const redirectUri = "http://127.0.0.1:9/callback";

beforeAll(async () => {
  s = await startTestOidcServer();
  const db = s.t.db;
  await seedDemoData(db);
  const alice = await db.user.findUniqueOrThrow({ where: { email: "alice@example.com" } });
  aliceCookie = await s.sessionCookie(alice.id);
  const ctx = systemContext(db);
  thirdParty = (
    await createApplication(ctx, {
      name: "Partner app",
      type: "SPA",
      redirectUris: [redirectUri],
      isThirdParty: true,
    })
  ).application;
  firstParty = (
    await createApplication(ctx, { name: "Own app", type: "SPA", redirectUris: [redirectUri] })
  ).application;
});
afterAll(async () => {
  await s.close();
});

/** A browser: follows redirects on this server with a cookie jar until a page answers. */
function browser(cookie: string) {
  const jar = new Map<string, string>();
  const [name, value] = cookie.split("=", 2);
  if (name && value) jar.set(name, value);
  async function request(
    url: string,
    init: RequestInit = {},
  ): Promise<{ res: Response; url: string }> {
    let current = url;
    let options = init;
    for (let i = 0; i < 20; i++) {
      const headers = new Headers(options.headers);
      headers.set("cookie", [...jar].map(([k, v]) => `${k}=${v}`).join("; "));
      const res = await fetch(current, { ...options, headers, redirect: "manual" });
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(";");
        const eq = pair?.indexOf("=") ?? -1;
        if (pair && eq > 0) jar.set(pair.slice(0, eq), pair.slice(eq + 1));
      }
      const location = res.headers.get("location");
      if (!location || (!location.startsWith(s.baseUrl) && !location.startsWith("/")))
        return { res, url: current };
      current = new URL(location, current).href;
      options = {};
    }
    throw new Error("Too many redirects");
  }
  return { request };
}

async function authorizationUrl(clientId: string, extra: Record<string, string> = {}) {
  const cfg = await client.discovery(new URL(s.issuer), clientId, undefined, client.None(), {
    execute: [client.allowInsecureRequests],
  });
  return client.buildAuthorizationUrl(cfg, {
    redirect_uri: redirectUri,
    scope: "openid profile",
    code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
    code_challenge_method: "S256",
    ...extra,
  }).href;
}

function expectSecurityHeaders(res: Response) {
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  expect(res.headers.get("x-frame-options")).toBe("DENY");
  const csp = res.headers.get("content-security-policy") ?? "";
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("frame-ancestors 'none'");
  return csp;
}

/** Every inline <style> carries the nonce the CSP names; no style attributes (CSP would block them). */
function expectStylesAllowed(html: string, csp: string) {
  const nonce = /style-src 'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  const styles = html.match(/<style[^>]*>/g) ?? [];
  expect(styles.length).toBeGreaterThan(0);
  for (const tag of styles) expect(tag).toBe(`<style nonce="${nonce}">`);
  expect(html).not.toMatch(/\sstyle=/);
}

describe("security headers on the OIDC service's HTML", () => {
  it("the consent page: CSP with a nonce its inline style carries, nosniff, referrer policy, no framing", async () => {
    const { res, url } = await browser(aliceCookie).request(await authorizationUrl(thirdParty.id));
    expect(res.status).toBe(200);
    expect(url).toMatch(/\/interaction\//);
    const csp = expectSecurityHeaders(res);
    expectStylesAllowed(await res.text(), csp);
    expect(res.headers.get("strict-transport-security")).toBeNull(); // http base URL
  });

  it("the provider's own error page", async () => {
    const res = await fetch(`${s.issuer}/auth?client_id=nope&response_type=code&scope=openid`, {
      headers: { accept: "text/html" },
    });
    expect(res.status).toBe(400);
    const csp = expectSecurityHeaders(res);
    expectStylesAllowed(await res.text(), csp);
  });

  it("the form_post page: the provider adds its script's hash to our script-src", async () => {
    const { res } = await browser(aliceCookie).request(
      await authorizationUrl(firstParty.id, { response_mode: "form_post" }),
    );
    expect(res.status).toBe(200);
    const csp = expectSecurityHeaders(res);
    const html = await res.text();
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? "";
    expect(script).toContain("submit()");
    expect(csp).toContain(`'sha256-${createHash("sha256").update(script).digest("base64")}'`);
    expect(csp).not.toContain("form-action"); // the form posts to the application
  });

  it("JSON endpoints carry nosniff too", async () => {
    const res = await fetch(`${s.issuer}/.well-known/openid-configuration`);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("upgrades insecure requests and nothing else loads when BASE_URL is https", () => {
    const csp = oidcContentSecurityPolicy({ nonce: "abc", baseUrl: "https://id.example.com" });
    expect(csp).toBe(
      "default-src 'none'; script-src 'nonce-abc'; style-src 'nonce-abc'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'; upgrade-insecure-requests",
    );
  });
});

describe("Origin check on interaction form posts", () => {
  it("refuses Allow and Deny from another site with 403, leaving the interaction pending", async () => {
    // Signed out: the interaction sends the browser to sign-in, naming itself as callbackUrl.
    const b = browser("none=1");
    const { url } = await b.request(await authorizationUrl(thirdParty.id));
    const interaction = `${s.baseUrl}${new URL(url).searchParams.get("callbackUrl") ?? ""}`;
    expect(interaction).toMatch(/\/interaction\/[^/]+$/);

    for (const action of ["confirm", "abort"]) {
      const crossSite: Record<string, string>[] = [
        { origin: "https://evil.example" },
        { origin: "null" },
        { origin: "http://localhost:1" },
        { "sec-fetch-site": "cross-site" },
      ];
      for (const headers of crossSite) {
        const refused = await b.request(`${interaction}/${action}`, { method: "POST", headers });
        expect(refused.res.status).toBe(403);
        expect(await refused.res.text()).toMatch(/Cross-site request refused/);
      }
    }

    // Still pending: Deny from this site ends it, and the application hears access_denied.
    const denied = await b.request(`${interaction}/abort`, {
      method: "POST",
      headers: { origin: s.baseUrl, "sec-fetch-site": "same-origin" },
    });
    expect(denied.res.status).toBe(303);
    const callback = new URL(denied.res.headers.get("location") ?? "");
    expect(`${callback.origin}${callback.pathname}`).toBe(redirectUri);
    expect(callback.searchParams.get("error")).toBe("access_denied");
  });
});
