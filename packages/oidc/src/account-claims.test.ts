import { systemContext, updateSignInExperience } from "@guildhall/core";
import * as client from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browse, startTestOidcServer, type TestOidcServer } from "./test-server.ts";

let s: TestOidcServer;
let spaId: string;
const redirectUri = "http://127.0.0.1:9/callback";

beforeAll(async () => {
  s = await startTestOidcServer();
  const app = await s.t.db.application.create({
    data: { name: "Claims SPA", type: "SPA", redirectUris: [redirectUri] },
  });
  spaId = app.id;
});
afterAll(async () => {
  await s.close();
});

async function authorization(params: Record<string, string> = {}) {
  const cfg = await client.discovery(new URL(s.issuer), spaId, undefined, client.None(), {
    execute: [client.allowInsecureRequests],
  });
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(cfg, {
    redirect_uri: redirectUri,
    scope: "openid email profile",
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    prompt: "consent",
    ...params,
  });
  return {
    url: url.href,
    async tokens(callback: URL) {
      return client.authorizationCodeGrant(cfg, callback, {
        pkceCodeVerifier: verifier,
        expectedState: state,
      });
    },
  };
}

async function newUser(data: { emailVerifiedAt?: Date; mfaEnabledAt?: Date } = {}) {
  return s.t.db.user.create({
    data: { email: `claims-${crypto.randomUUID()}@example.com`, ...data },
  });
}

describe("ID token claims from the sign-in", () => {
  it("carries username under profile and the phone number under phone, and no email when there is none", async () => {
    const user = await s.t.db.user.create({
      data: { username: `Claims_${crypto.randomUUID().slice(0, 8)}`, primaryPhone: "15551234567" },
    });
    const a = await authorization({ scope: "openid profile phone email" });
    const cookie = await s.sessionCookie(user.id, { amr: ["pwd"] });
    const claims = (await a.tokens(await browse(a.url, cookie, redirectUri))).claims();
    expect(claims?.username).toBe(user.username);
    expect(claims?.phone_number).toBe("15551234567");
    expect(claims?.phone_number_verified).toBe(true);
    expect(claims).not.toHaveProperty("email");

    const withoutPhone = await authorization({ scope: "openid profile" });
    const other = (
      await withoutPhone.tokens(await browse(withoutPhone.url, cookie, redirectUri))
    ).claims();
    expect(other?.username).toBe(user.username);
    expect(other).not.toHaveProperty("phone_number");
  });

  it("carries amr as the sign-in recorded it, and email_verified from the account", async () => {
    const unverified = await newUser();
    const a = await authorization();
    const cookie = await s.sessionCookie(unverified.id, { amr: ["pwd", "otp", "mfa"] });
    const claims = (await a.tokens(await browse(a.url, cookie, redirectUri))).claims();
    expect(claims?.amr).toEqual(["pwd", "otp", "mfa"]);
    expect(claims?.email_verified).toBe(false);

    const verified = await newUser({ emailVerifiedAt: new Date() });
    const b = await authorization();
    const plain = await s.sessionCookie(verified.id, { amr: ["pwd"] });
    const claimsB = (await b.tokens(await browse(b.url, plain, redirectUri))).claims();
    expect(claimsB?.amr).toEqual(["pwd"]);
    expect(claimsB?.email_verified).toBe(true);
  });

  it("sends a user without a factor to enrolment when the app asks for an organization requiring MFA, and signs them in once enrolled", async () => {
    const user = await newUser({ emailVerifiedAt: new Date() });
    const org = await s.t.db.organization.create({
      data: { name: `MFA ${Date.now()}`, isMfaRequired: true },
    });
    await s.t.db.organizationMember.create({ data: { organizationId: org.id, userId: user.id } });
    const cookie = await s.sessionCookie(user.id, { amr: ["pwd"] });

    const first = await authorization({ organization_id: org.id });
    const setup = await browse(first.url, cookie, `${s.baseUrl}/account/mfa-setup`);
    expect(setup.searchParams.get("callbackUrl")).toMatch(/^\/interaction\//);
    expect(setup.searchParams.get("organization_id")).toBe(org.id);

    // Without organization_id nothing requires MFA: the sign-in completes.
    const other = await authorization();
    expect((await browse(other.url, cookie, redirectUri)).searchParams.get("code")).toBeTruthy();

    // Enrolled (the factor itself is covered by core's tests): the same request goes through.
    await s.t.db.userMfaFactor.create({
      data: { userId: user.id, type: "totp", confirmedAt: new Date() },
    });
    await s.t.db.user.update({ where: { id: user.id }, data: { mfaEnabledAt: new Date() } });
    const again = await authorization({ organization_id: org.id });
    const callback = await browse(again.url, cookie, redirectUri);
    expect(callback.searchParams.get("code")).toBeTruthy();
  });

  it("asks everyone without a factor to enrol when the MFA policy is required", async () => {
    const user = await newUser({ emailVerifiedAt: new Date() });
    const cookie = await s.sessionCookie(user.id, { amr: ["pwd"] });
    await updateSignInExperience(systemContext(s.t.db), { mfa: { policy: "required" } });
    try {
      const a = await authorization();
      const setup = await browse(a.url, cookie, `${s.baseUrl}/account/mfa-setup`);
      expect(setup.searchParams.get("organization_id")).toBeNull();
    } finally {
      await updateSignInExperience(systemContext(s.t.db), { mfa: { policy: "optional" } });
    }
  });
});
