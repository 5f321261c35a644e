import { createApplication, seedDemoData, systemContext } from "@guildhall/core";
import * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browse, startTestOidcServer, type TestOidcServer } from "./test-server.ts";

let s: TestOidcServer;
const redirectUri = "http://127.0.0.1:9/callback";
const apps = { spa: "", m2m: "", m2mSecret: "", web: "", webSecret: "" };
let refreshToken = "";

beforeAll(async () => {
  s = await startTestOidcServer();
  const db = s.t.db;
  await seedDemoData(db);
  const ctx = systemContext(db);
  apps.spa = (
    await createApplication(ctx, { name: "SPA", type: "SPA", redirectUris: [redirectUri] })
  ).application.id;
  const m2m = await createApplication(ctx, { name: "Bot", type: "MachineToMachine" });
  apps.m2m = m2m.application.id;
  apps.m2mSecret = m2m.secret?.value ?? "";
  const web = await createApplication(ctx, {
    name: "Web",
    type: "Traditional",
    redirectUris: [redirectUri],
  });
  apps.web = web.application.id;
  apps.webSecret = web.secret?.value ?? "";

  // A live refresh token, so organization_id is checked where it would otherwise reach SQL.
  const alice = await db.user.findUniqueOrThrow({ where: { email: "alice@example.com" } });
  const cfg = await client.discovery(new URL(s.issuer), apps.spa, undefined, client.None(), {
    execute: [client.allowInsecureRequests],
  });
  const verifier = client.randomPKCECodeVerifier();
  const url = client.buildAuthorizationUrl(cfg, {
    redirect_uri: redirectUri,
    scope: "openid offline_access urn:guildhall:scope:organizations",
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    prompt: "consent",
  });
  const callback = await browse(url.href, await s.sessionCookie(alice.id), redirectUri);
  const tokens = await client.authorizationCodeGrant(cfg, callback, {
    pkceCodeVerifier: verifier,
    expectedState: client.skipStateCheck,
  });
  refreshToken = tokens.refresh_token ?? "";
});
afterAll(async () => {
  await s.close();
});

/** Percent-encoded forms that PostgreSQL must never see raw: NUL, and bytes that are not UTF-8 (a lone surrogate's). */
const BAD_VALUES = ["%00", "a%00b", "%ED%A0%80"];
const BAD = "\u0001BAD\u0001"; // placeholder, replaced by each bad value

interface Case {
  name: string;
  path: string;
  form: () => Record<string, string>;
  /** Basic client authentication (id, secret), either of which may hold BAD. */
  basic?: () => [string, string];
  /** The answer for a NUL: the endpoint's own OAuth error (status, error). */
  nul: [number, string];
  /** What the error description names, for a NUL. */
  names?: string;
}

const refreshGrant = (extra: Record<string, string> = {}) => ({
  grant_type: "refresh_token",
  client_id: apps.spa,
  refresh_token: "unknown",
  ...extra,
});
const codeGrant = (extra: Record<string, string> = {}) => ({
  grant_type: "authorization_code",
  client_id: apps.spa,
  code: "unknown",
  redirect_uri: redirectUri,
  code_verifier: "v".repeat(43),
  ...extra,
});
const m2mGrant = (extra: Record<string, string> = {}) => ({
  grant_type: "client_credentials",
  ...extra,
});

const cases: Case[] = [
  {
    name: "token: client_id",
    path: "/token",
    form: () => refreshGrant({ client_id: BAD }),
    nul: [401, "invalid_client"],
  },
  {
    name: "token: client_id (Basic)",
    path: "/token",
    form: () => m2mGrant(),
    basic: () => [BAD, apps.m2mSecret],
    // The library refuses control characters in Basic credentials itself.
    nul: [400, "invalid_request"],
  },
  {
    name: "token: client_secret",
    path: "/token",
    form: () => m2mGrant({ client_id: apps.m2m, client_secret: BAD }),
    nul: [401, "invalid_client"],
  },
  {
    name: "token: code",
    path: "/token",
    form: () => codeGrant({ code: BAD }),
    nul: [400, "invalid_grant"],
  },
  {
    name: "token: code_verifier",
    path: "/token",
    form: () => codeGrant({ code_verifier: BAD }),
    nul: [400, "invalid_grant"],
  },
  {
    name: "token: redirect_uri",
    path: "/token",
    form: () => codeGrant({ redirect_uri: `${redirectUri}${BAD}` }),
    nul: [400, "invalid_grant"],
  },
  {
    name: "token: refresh_token",
    path: "/token",
    form: () => refreshGrant({ refresh_token: BAD }),
    nul: [400, "invalid_grant"],
  },
  {
    name: "token: refresh_token (organization)",
    path: "/token",
    form: () => refreshGrant({ refresh_token: BAD, organization_id: "org" }),
    nul: [400, "invalid_grant"],
  },
  {
    name: "token: organization_id (refresh)",
    path: "/token",
    form: () => refreshGrant({ refresh_token: refreshToken, organization_id: BAD }),
    nul: [400, "invalid_request"],
    names: "organization_id",
  },
  {
    name: "token: organization_id (client credentials)",
    path: "/token",
    form: () => m2mGrant({ organization_id: BAD }),
    basic: () => [apps.m2m, apps.m2mSecret],
    nul: [400, "invalid_request"],
    names: "organization_id",
  },
  {
    name: "token: resource",
    path: "/token",
    form: () => m2mGrant({ resource: `https://api.example.test/${BAD}` }),
    basic: () => [apps.m2m, apps.m2mSecret],
    nul: [400, "invalid_target"],
  },
  {
    name: "token: scope",
    path: "/token",
    form: () => m2mGrant({ scope: `read ${BAD}` }),
    basic: () => [apps.m2m, apps.m2mSecret],
    nul: [400, "invalid_scope"],
  },
  {
    name: "revocation: client_id",
    path: "/token/revocation",
    form: () => ({ token: "unknown", client_id: BAD }),
    nul: [401, "invalid_client"],
  },
  {
    name: "introspection: client_id",
    path: "/token/introspection",
    form: () => ({ token: "unknown", client_id: BAD }),
    nul: [401, "invalid_client"],
  },
  {
    name: "introspection: client_secret",
    path: "/token/introspection",
    form: () => ({ token: "unknown", client_id: apps.web, client_secret: BAD }),
    nul: [401, "invalid_client"],
  },
  {
    name: "end session confirm: xsrf",
    path: "/session/end/confirm",
    form: () => ({ xsrf: BAD, logout: "yes" }),
    nul: [400, "invalid_request"],
  },
];

/** Percent-encodes a value, with each BAD placeholder replaced by the raw (already percent-encoded) bad value. */
const encode = (value: string, bad: string) =>
  encodeURIComponent(value).replaceAll(encodeURIComponent(BAD), bad);

function formBody(form: Record<string, string>, bad: string): string {
  return Object.entries(form)
    .map(([key, value]) => `${key}=${encode(value, bad)}`)
    .join("&");
}

/** RFC 6749 section 2.3.1: Basic credentials are the form-encoded id and secret. */
function basicHeader([id, secret]: [string, string], bad: string): string {
  return `Basic ${Buffer.from(`${encode(id, bad)}:${encode(secret, bad)}`).toString("base64")}`;
}

const oidcRows = () => s.t.db.oidcModel.count();

async function post(path: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${s.baseUrl}${path.startsWith("/interaction") ? "" : "/oidc"}${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body,
    redirect: "manual",
  });
  const text = await res.text();
  let json: { error?: string; error_description?: string; active?: boolean } | undefined;
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

describe("text PostgreSQL cannot store, in OIDC form bodies", () => {
  for (const bad of BAD_VALUES) {
    for (const c of cases) {
      it(`${c.name} = ${bad}: a 4xx OAuth error, no write`, async () => {
        const before = await oidcRows();
        const headers = c.basic ? { authorization: basicHeader(c.basic(), bad) } : undefined;
        const res = await post(c.path, formBody(c.form(), bad), headers);
        expect(res.status, res.text).toBeGreaterThanOrEqual(400);
        expect(res.status, res.text).toBeLessThan(500);
        expect(res.json?.error, res.text).toMatch(/^[a-z_]+$/);
        // A NUL gets the endpoint's own answer for an unknown value (bytes that are not UTF-8
        // decode to U+FFFD, ordinary text, and may fail at another check first).
        if (bad.includes("%00")) {
          expect([res.status, res.json?.error]).toEqual(c.nul);
          if (c.names) expect(res.json?.error_description).toContain(c.names);
        }
        expect(await oidcRows()).toBe(before);
      });
    }

    it(`revocation and introspection of a token = ${bad}: an unknown token, no write`, async () => {
      const before = await oidcRows();
      const auth = { authorization: basicHeader([apps.web, apps.webSecret], bad) };
      // RFC 7009: revoking an unknown token succeeds; RFC 7662: an unknown token is inactive.
      expect((await post("/token/revocation", formBody({ token: BAD }, bad), auth)).status).toBe(
        200,
      );
      const introspection = await post("/token/introspection", formBody({ token: BAD }, bad), auth);
      expect(introspection).toMatchObject({ status: 200, json: { active: false } });
      expect(await oidcRows()).toBe(before);
    });

    it(`interaction posts with ${bad} in the path and body: 4xx, no write`, async () => {
      const before = await oidcRows();
      for (const action of ["confirm", "abort"]) {
        const res = await post(
          `/interaction/${bad}/${action}`,
          formBody({ uid: BAD, prompt: BAD }, bad),
          { origin: s.baseUrl },
        );
        expect(res.status, res.text).toBeGreaterThanOrEqual(400);
        expect(res.status, res.text).toBeLessThan(500);
      }
      expect(await oidcRows()).toBe(before);
    });
  }

  // The edge guard refuses such query strings before they get here; the provider refuses them
  // too (defence in depth): the authorization request is stored while the user signs in.
  for (const param of [
    "state",
    "nonce",
    "login_hint",
    "organization_id",
    "scope",
    "resource",
    "redirect_uri",
    "client_id",
  ]) {
    it(`an authorization request with a NUL in ${param}: an OAuth error, nothing stored`, async () => {
      const before = await oidcRows();
      const query: Record<string, string> = {
        client_id: apps.spa,
        response_type: "code",
        redirect_uri: redirectUri,
        scope: "openid",
        code_challenge: "c".repeat(43),
        code_challenge_method: "S256",
      };
      query[param] =
        param === "resource" ? `https://api.example.test/${BAD}` : `${query[param] ?? ""}${BAD}`;
      const res = await fetch(`${s.issuer}/auth?${formBody(query, "%00")}`, { redirect: "manual" });
      expect(res.status).toBeLessThan(500);
      const location = res.headers.get("location");
      if (location)
        expect(new URL(location, s.baseUrl).searchParams.get("error")).toMatch(
          /^invalid_(request|scope|target)$/,
        );
      else expect(res.status).toBeGreaterThanOrEqual(400);
      expect(await oidcRows()).toBe(before);
    });
  }

  for (const param of ["id_token_hint", "post_logout_redirect_uri", "state", "client_id"]) {
    it(`a logout request with a NUL in ${param}: 4xx, nothing stored`, async () => {
      const before = await oidcRows();
      const query: Record<string, string> = { client_id: apps.spa, [param]: BAD };
      const res = await fetch(`${s.issuer}/session/end?${formBody(query, "%00")}`, {
        redirect: "manual",
      });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(await oidcRows()).toBe(before);
    });
  }
});
