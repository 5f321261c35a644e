import { createApplication, endConsoleSession, systemContext, updateUser } from "@guildhall/core";
import * as client from "openid-client";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConsoleSessionToken } from "./console-session.ts";
import {
  browse,
  startTestOidcServer,
  TEST_SESSION_SECRET,
  type TestOidcServer,
} from "./test-server.ts";

let s: TestOidcServer;
let spaId: string;
const redirectUri = "http://127.0.0.1:9/callback";

beforeAll(async () => {
  s = await startTestOidcServer();
  const { application } = await createApplication(systemContext(s.t.db), {
    name: "SPA",
    type: "SPA",
    redirectUris: [redirectUri],
  });
  spaId = application.id;
});
afterAll(async () => {
  await s.close();
});

/** Where an authorization request with this cookie ends: the app's callback, or the sign-in page. */
async function authorizeWith(cookie: string): Promise<"signed in" | "sign-in page"> {
  const cfg = await client.discovery(new URL(s.issuer), spaId, undefined, client.None(), {
    execute: [client.allowInsecureRequests],
  });
  const url = client.buildAuthorizationUrl(cfg, {
    redirect_uri: redirectUri,
    scope: "openid",
    code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
    code_challenge_method: "S256",
    prompt: "consent",
  });
  // browse stops at the first redirect to either prefix.
  const signInPage = `${s.baseUrl}/sign-in`;
  const end = await Promise.any([
    browse(url.href, cookie, redirectUri),
    browse(url.href, cookie, signInPage),
  ]);
  return end.href.startsWith(redirectUri) ? "signed in" : "sign-in page";
}

async function user() {
  return s.t.db.user.create({
    data: { email: `u${Date.now()}${Math.random().toString(36).slice(2, 6)}@example.com` },
  });
}

describe("OIDC sign-in reuses the console session only while it lives", () => {
  it("reuses a live session", async () => {
    const { id } = await user();
    expect(await authorizeWith(await s.sessionCookie(id))).toBe("signed in");
  });

  it("does not reuse a session ended by sign-out (a replayed cookie)", async () => {
    const { id } = await user();
    const cookie = await s.sessionCookie(id);
    const token = await readConsoleSessionToken(
      { headers: { cookie } } as never,
      TEST_SESSION_SECRET,
    );
    expect(token).toBeTruthy();
    await endConsoleSession(s.t.db, { token });
    expect(await authorizeWith(cookie)).toBe("sign-in page");
  });

  it("does not reuse a session after a password change", async () => {
    const { id } = await user();
    const cookie = await s.sessionCookie(id);
    await updateUser(systemContext(s.t.db), { id, password: "a-new-password" });
    expect(await authorizeWith(cookie)).toBe("sign-in page");
  });

  it("does not accept a validly encrypted cookie that names no session", async () => {
    const { id } = await user();
    const forged = await encode({ token: { sub: id }, secret: TEST_SESSION_SECRET });
    expect(await authorizeWith(`next-auth.session-token=${forged}`)).toBe("sign-in page");
  });
});

/** Follows redirects like a browser that keeps its cookies (the provider's too) between flows. */
async function browseWithJar(jar: Map<string, string>, start: string): Promise<string> {
  let url = start;
  for (let i = 0; i < 20; i++) {
    const res = await fetch(url, {
      redirect: "manual",
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; ") },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair = ""] = c.split(";");
      const eq = pair.indexOf("=");
      if (eq > 0) jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    const location = res.headers.get("location");
    if (!location) return url;
    const next = new URL(location, url).href;
    if (next.startsWith(redirectUri) || next.startsWith(`${s.baseUrl}/sign-in`)) return next;
    url = next;
  }
  throw new Error("Too many redirects");
}

describe("the provider's own session ends with the console session", () => {
  it("an app cannot sign in silently after the console session was ended (the console cookie replayed)", async () => {
    const { id } = await user();
    const cookie = await s.sessionCookie(id);
    const jar = new Map([cookie.split("=", 2) as [string, string]]);
    const cfg = await client.discovery(new URL(s.issuer), spaId, undefined, client.None(), {
      execute: [client.allowInsecureRequests],
    });
    const authorize = async () =>
      client
        .buildAuthorizationUrl(cfg, {
          redirect_uri: redirectUri,
          scope: "openid",
          code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
          code_challenge_method: "S256",
        })
        .toString();
    expect(await browseWithJar(jar, await authorize())).toMatch(
      new RegExp(`^${redirectUri}\\?code=`),
    );
    // Silent again while the console session lives.
    expect(await browseWithJar(jar, await authorize())).toMatch(
      new RegExp(`^${redirectUri}\\?code=`),
    );
    await endConsoleSession(s.t.db, {
      token: await readConsoleSessionToken({ headers: { cookie } } as never, TEST_SESSION_SECRET),
    });
    expect(await browseWithJar(jar, await authorize())).toMatch(
      new RegExp(`^${s.baseUrl}/sign-in\\?`),
    );
  });
});

describe("client authentication at the token endpoint is throttled", () => {
  async function tokenRequest(clientId: string, secret: string) {
    const res = await fetch(`${s.issuer}/token`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ grant_type: "client_credentials" }),
    });
    const body = (await res.json()) as { error?: string; error_description?: string };
    return {
      status: res.status,
      error: body.error,
      description: body.error_description,
      retryAfter: res.headers.get("retry-after"),
    };
  }

  it("answers 10 wrong secrets with 401, then 429 invalid_client with Retry-After, even for the right secret", async () => {
    const { application, secret } = await createApplication(systemContext(s.t.db), {
      name: "Backend",
      type: "MachineToMachine",
    });
    const right = secret?.value ?? "";
    expect((await tokenRequest(application.id, right)).status).toBe(200);
    const answers = [];
    for (let i = 0; i < 11; i++) answers.push(await tokenRequest(application.id, `ghs_wrong_${i}`));
    expect(answers.slice(0, 10).map((a) => [a.status, a.error])).toEqual(
      Array(10).fill([401, "invalid_client"]),
    );
    expect(answers[10]).toEqual({
      status: 429,
      error: "invalid_client",
      description: "Too many failed client authentication attempts. Try again in 1 s.",
      retryAfter: "1",
    });
    expect(await tokenRequest(application.id, right)).toMatchObject({
      status: 429,
      error: "invalid_client",
    });
    // Another client is not affected.
    const other = await createApplication(systemContext(s.t.db), {
      name: "Other",
      type: "MachineToMachine",
    });
    expect((await tokenRequest(other.application.id, other.secret?.value ?? "")).status).toBe(200);
  });
});
