import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seal } from "../crypto/secret-box.ts";
import { fixtures } from "../members/test-fixtures.ts";
import { completeSignIn } from "../sign-in/complete-sign-in.ts";
import { expectDomainError, TEST_INSTANCE_SECRET, unique, useTestDatabase } from "../test-utils.ts";
import { finishOidcSsoSignIn, oidcRedirectUri, startSsoSignIn, type SsoFinish } from "./index.ts";
import {
  browse,
  startTestOidcIdp,
  type TestIdpAccount,
  type TestOidcIdp,
} from "./testing/oidc-idp.ts";

const t = useTestDatabase();
const f = fixtures(t.db);
const BASE_URL = "http://guildhall.test";
const opts = { baseUrl: BASE_URL, instanceSecret: TEST_INSTANCE_SECRET };
// Connector ids are chosen up front: the IdP registers their redirect URIs at start.
const CONNECTOR_IDS = Array.from({ length: 12 }, (_, i) => `oidc-connector-${i}`);
let idp: TestOidcIdp;
let next = 0;

beforeAll(async () => {
  idp = await startTestOidcIdp(CONNECTOR_IDS.map((id) => oidcRedirectUri(BASE_URL, id)));
});
afterAll(async () => {
  await idp.close();
});

/** A connector for `domain` at the test IdP, linked to a new organization with a default role. */
async function setup(options: { syncProfile?: boolean } = {}) {
  const id = CONNECTOR_IDS[next++];
  if (!id) throw new Error("add connector ids");
  const domain = `${unique("corp")}.test`;
  await t.db().ssoConnector.create({
    data: {
      id,
      providerName: "OIDC",
      connectorName: unique("Corp IdP"),
      domains: [domain],
      syncProfile: options.syncProfile ?? true,
      config: {
        issuer: idp.issuer,
        clientId: idp.clientId,
        clientSecret: seal(idp.clientSecret, TEST_INSTANCE_SECRET, "sso-connector"),
        scope: "openid profile email",
      },
    },
  });
  const organization = await f.organization();
  const role = await f.role();
  await t
    .db()
    .organizationJitRole.create({ data: { organizationId: organization.id, roleId: role.id } });
  await t.db().organizationJitSsoConnector.create({
    data: { organizationId: organization.id, ssoConnectorId: id },
  });
  return { connectorId: id, domain, organization, role };
}

/** The whole browser round trip: our redirect, the IdP, back to the redirect URI. */
async function signInThroughIdp(
  connectorId: string,
  account: TestIdpAccount | "deny",
  { test = false } = {},
) {
  idp.signInAs(account);
  const start = await startSsoSignIn(t.db(), { connectorId, callbackUrl: "/after", test }, opts);
  if (!("redirectUrl" in start)) throw new Error("expected a redirect");
  const callback = await browse(start.redirectUrl, oidcRedirectUri(BASE_URL, connectorId));
  return finishOidcSsoSignIn(t.db(), { connectorId, callbackUrlWithParams: callback.href }, opts);
}

function signedIn(result: SsoFinish) {
  if (result.test) throw new Error("expected a sign-in");
  return result;
}

describe("OIDC SSO sign-in against a real upstream OpenID Provider", () => {
  it("first sign-in creates the user, the identity and the JIT membership; the challenge completes", async () => {
    const { connectorId, domain, organization, role } = await setup();
    const email = `alice@${domain}`;
    const result = signedIn(
      await signInThroughIdp(connectorId, {
        sub: unique("sub"),
        email,
        email_verified: true,
        name: "Alice",
      }),
    );
    expect(result.callbackUrl).toBe("/after");
    expect(result.step.status).toBe("complete");
    const { user, amr } = await completeSignIn(t.db(), { challengeToken: result.challengeToken });
    expect(amr).toEqual(["ext"]);
    const row = await t.db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row).toMatchObject({ email, name: "Alice", passwordHash: null });
    expect(row.emailVerifiedAt).not.toBeNull();
    const identity = await t.db().userSsoIdentity.findFirstOrThrow({ where: { userId: user.id } });
    expect(identity).toMatchObject({ ssoConnectorId: connectorId, issuer: idp.issuer });
    const roles = await t.db().organizationMemberRole.findMany({
      where: { organizationId: organization.id, userId: user.id },
    });
    expect(roles.map((r) => r.roleId)).toEqual([role.id]);
    const state = await t
      .db()
      .ssoSignInState.findFirstOrThrow({ where: { ssoConnectorId: connectorId } });
    expect(state.consumedAt).not.toBeNull();
  });

  it("a second sign-in matches by subject and syncs the name", async () => {
    const { connectorId, domain } = await setup();
    const sub = unique("sub");
    const email = `bob@${domain}`;
    const first = signedIn(
      await signInThroughIdp(connectorId, { sub, email, email_verified: true, name: "Bob" }),
    );
    const second = signedIn(
      await signInThroughIdp(connectorId, { sub, email, email_verified: true, name: "Robert" }),
    );
    const a = await completeSignIn(t.db(), { challengeToken: first.challengeToken });
    const b = await completeSignIn(t.db(), { challengeToken: second.challengeToken });
    expect(b.user.id).toBe(a.user.id);
    expect(await t.db().user.findUniqueOrThrow({ where: { id: a.user.id } })).toMatchObject({
      name: "Robert",
    });
    expect(await t.db().userSsoIdentity.count({ where: { ssoConnectorId: connectorId } })).toBe(1);
  });

  it("links an existing user when the IdP asserts a verified email of the connector's domain", async () => {
    const { connectorId, domain } = await setup();
    const existing = await f.user({ email: `carol@${domain}` });
    const result = signedIn(
      await signInThroughIdp(connectorId, {
        sub: unique("sub"),
        email: existing.email,
        email_verified: true,
      }),
    );
    const { user } = await completeSignIn(t.db(), { challengeToken: result.challengeToken });
    expect(user.id).toBe(existing.id);
    expect(await t.db().userSsoIdentity.count({ where: { userId: existing.id } })).toBe(1);
  });

  it("does not link an existing user when the email is not verified, and says why", async () => {
    const { connectorId, domain } = await setup();
    const existing = await f.user({ email: `dave@${domain}` });
    const error = await expectDomainError(
      signInThroughIdp(connectorId, {
        sub: unique("sub"),
        email: existing.email,
        email_verified: false,
      }),
      "sso.sign_in_failed",
    );
    expect(error.message).toMatch(/cannot be linked/);
    expect(await t.db().userSsoIdentity.count({ where: { userId: existing.id } })).toBe(0);
    const audit = await t.db().auditLog.findFirst({
      where: { action: "sso.sign_in_failed", targetId: connectorId },
    });
    expect(audit?.data).toMatchObject({ reason: "email_not_trusted" });
  });

  it("creates an unverified user (no email-domain JIT) for an unverified email", async () => {
    const { connectorId, domain } = await setup();
    const result = signedIn(
      await signInThroughIdp(connectorId, {
        sub: unique("sub"),
        email: `erin@${domain}`,
        email_verified: false,
      }),
    );
    const { user } = await completeSignIn(t.db(), { challengeToken: result.challengeToken });
    const row = await t.db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.emailVerifiedAt).toBeNull();
  });

  it("a user with a second factor still owes it after SSO", async () => {
    const { connectorId, domain } = await setup();
    const existing = await f.user({ email: `frank@${domain}` });
    await t.db().userMfaFactor.create({
      data: {
        userId: existing.id,
        type: "totp",
        confirmedAt: new Date(),
        totpSecretSealed: "sealed",
      },
    });
    const result = signedIn(
      await signInThroughIdp(connectorId, {
        sub: unique("sub"),
        email: existing.email,
        email_verified: true,
      }),
    );
    expect(result.step).toMatchObject({ status: "mfa_required", factors: ["totp"] });
    await expectDomainError(
      completeSignIn(t.db(), { challengeToken: result.challengeToken }),
      "sign_in.challenge_invalid",
    );
  });

  it("refuses a suspended user", async () => {
    const { connectorId, domain } = await setup();
    const sub = unique("sub");
    const email = `gina@${domain}`;
    signedIn(await signInThroughIdp(connectorId, { sub, email, email_verified: true }));
    await t.db().user.update({ where: { email }, data: { suspendedAt: new Date() } });
    const error = await expectDomainError(
      signInThroughIdp(connectorId, { sub, email, email_verified: true }),
      "sso.sign_in_failed",
    );
    expect(error.message).toMatch(/suspended/);
  });

  it("test mode returns the claims and signs nobody in", async () => {
    const { connectorId, domain } = await setup();
    const email = `hank@${domain}`;
    const result = await signInThroughIdp(
      connectorId,
      { sub: unique("sub"), email, email_verified: true, name: "Hank" },
      { test: true },
    );
    expect(result.test).toBe(true);
    if (!result.test) return;
    expect(result.claims).toMatchObject({ email, email_verified: true, name: "Hank" });
    expect(await t.db().user.count({ where: { email } })).toBe(0);
  });

  it("an IdP error response (access_denied) is a clear error with an audit entry", async () => {
    const { connectorId } = await setup();
    const error = await expectDomainError(
      signInThroughIdp(connectorId, "deny"),
      "sso.sign_in_failed",
    );
    expect(error.message).toMatch(/did not sign you in \(access_denied/);
    const audit = await t.db().auditLog.findFirst({
      where: { action: "sso.sign_in_failed", targetId: connectorId },
    });
    expect(audit?.data).toMatchObject({
      code: "sso.sign_in_failed",
      reason: "idp_error: access_denied",
    });
  });

  it("refuses a replayed callback, a made-up state and an expired state", async () => {
    const { connectorId, domain } = await setup();
    idp.signInAs({ sub: unique("sub"), email: `ivy@${domain}`, email_verified: true });
    const start = await startSsoSignIn(t.db(), { connectorId, callbackUrl: "/" }, opts);
    if (!("redirectUrl" in start)) throw new Error("expected a redirect");
    const callback = await browse(start.redirectUrl, oidcRedirectUri(BASE_URL, connectorId));
    const input = { connectorId, callbackUrlWithParams: callback.href };
    signedIn(await finishOidcSsoSignIn(t.db(), input, opts));
    await expectDomainError(finishOidcSsoSignIn(t.db(), input, opts), "sso.state_invalid");

    const forged = new URL(callback);
    forged.searchParams.set("state", "made-up");
    await expectDomainError(
      finishOidcSsoSignIn(t.db(), { connectorId, callbackUrlWithParams: forged.href }, opts),
      "sso.state_invalid",
    );

    const late = await startSsoSignIn(t.db(), { connectorId, callbackUrl: "/" }, opts);
    if (!("redirectUrl" in late)) throw new Error("expected a redirect");
    const lateCallback = await browse(late.redirectUrl, oidcRedirectUri(BASE_URL, connectorId));
    const elevenMinutesLater = () => new Date(Date.now() + 11 * 60_000);
    await expectDomainError(
      finishOidcSsoSignIn(
        t.db(),
        { connectorId, callbackUrlWithParams: lateCallback.href },
        { ...opts, now: elevenMinutesLater },
      ),
      "sso.state_invalid",
    );
    const audits = await t.db().auditLog.count({
      where: { action: "sso.sign_in_failed", targetId: connectorId },
    });
    expect(audits).toBe(3);
  });

  it("two concurrent first sign-ins of one subject make one user and one identity", async () => {
    const { connectorId, domain, organization } = await setup();
    const sub = unique("sub");
    const email = `jo@${domain}`;
    idp.signInAs({ sub, email, email_verified: true });
    const callbacks = await Promise.all(
      [1, 2].map(async () => {
        const start = await startSsoSignIn(t.db(), { connectorId, callbackUrl: "/" }, opts);
        if (!("redirectUrl" in start)) throw new Error("expected a redirect");
        return browse(start.redirectUrl, oidcRedirectUri(BASE_URL, connectorId));
      }),
    );
    const results = await Promise.all(
      callbacks.map((c) =>
        finishOidcSsoSignIn(t.db(), { connectorId, callbackUrlWithParams: c.href }, opts),
      ),
    );
    const users = await Promise.all(
      results.map((r) => completeSignIn(t.db(), { challengeToken: signedIn(r).challengeToken })),
    );
    expect(users[0]?.user.id).toBe(users[1]?.user.id);
    expect(await t.db().user.count({ where: { email } })).toBe(1);
    expect(await t.db().userSsoIdentity.count({ where: { ssoConnectorId: connectorId } })).toBe(1);
    expect(
      await t.db().organizationMember.count({ where: { organizationId: organization.id } }),
    ).toBe(1);
  });
});
