import { parseDomFromString, xpath } from "@node-saml/node-saml/lib/xml.js";
import * as samlify from "samlify";
import { describe, expect, it } from "vitest";
import { fixtures } from "../members/test-fixtures.ts";
import { completeSignIn } from "../sign-in/complete-sign-in.ts";
import { beginPasswordSignIn } from "../sign-in/begin-password-sign-in.ts";
import { hashPassword } from "../auth/password.ts";
import { expectDomainError, TEST_INSTANCE_SECRET, unique, useTestDatabase } from "../test-utils.ts";
import {
  finishSamlSsoSignIn,
  samlServiceProvider,
  samlServiceProviderMetadata,
  startSsoSignIn,
  type SsoFinish,
} from "./index.ts";
import { createTestSamlIdp, tamper, type SamlAnswerOptions } from "./testing/saml-idp.ts";
import { OTHER_IDP_CERT, OTHER_IDP_KEY, TEST_IDP_CERT, TEST_IDP_KEY } from "./testing/test-keys.ts";

const t = useTestDatabase();
const f = fixtures(t.db);
const BASE_URL = "http://guildhall.test";
const opts = { baseUrl: BASE_URL, instanceSecret: TEST_INSTANCE_SECRET };
const IDP = { entityId: "https://idp.corp.test/saml", ssoUrl: "http://localhost:9/saml/sso" };
const idp = createTestSamlIdp({ ...IDP, privateKey: TEST_IDP_KEY, certificate: TEST_IDP_CERT });
// Same entity id and URL, another key: what an attacker without the IdP's key could sign.
const impostor = createTestSamlIdp({
  ...IDP,
  privateKey: OTHER_IDP_KEY,
  certificate: OTHER_IDP_CERT,
});

/** A SAML connector configured from the test IdP's metadata, linked to a new organization. */
async function setup() {
  const domain = `${unique("corp")}.test`;
  const connector = await t.db().ssoConnector.create({
    data: {
      providerName: "SAML",
      connectorName: unique("Corp SAML"),
      domains: [domain],
      config: { idpMetadataXml: idp.metadataXml },
    },
  });
  const organization = await f.organization();
  const role = await f.role();
  await t
    .db()
    .organizationJitRole.create({ data: { organizationId: organization.id, roleId: role.id } });
  await t.db().organizationJitSsoConnector.create({
    data: { organizationId: organization.id, ssoConnectorId: connector.id },
  });
  return { connectorId: connector.id, domain, organization, role };
}

async function redirectToIdp(connectorId: string, test = false) {
  const start = await startSsoSignIn(t.db(), { connectorId, callbackUrl: "/after", test }, opts);
  if (!("redirectUrl" in start)) throw new Error("expected the redirect binding");
  expect(start.redirectUrl.startsWith(IDP.ssoUrl)).toBe(true);
  return start.redirectUrl;
}

async function answer(
  connectorId: string,
  options: Omit<SamlAnswerOptions, "redirectUrl">,
  from = idp,
) {
  const redirectUrl = await redirectToIdp(connectorId);
  return from.answer(samlServiceProvider(BASE_URL, connectorId), { redirectUrl, ...options });
}

const finish = (connectorId: string, posted: { samlResponse: string; relayState: string }) =>
  finishSamlSsoSignIn(t.db(), { connectorId, ...posted }, opts);

function signedIn(result: SsoFinish) {
  if (result.test) throw new Error("expected a sign-in");
  return result;
}

async function lastFailure(connectorId: string) {
  const audit = await t.db().auditLog.findFirst({
    where: { action: "sso.sign_in_failed", targetId: connectorId },
    orderBy: { createdAt: "desc" },
  });
  return audit?.data as { code: string; reason: string } | undefined;
}

describe("SAML SSO sign-in against a real (samlify) IdP", () => {
  it("serves SP metadata a SAML IdP can import", async () => {
    const { connectorId } = await setup();
    const xml = await samlServiceProviderMetadata(t.db(), { connectorId, baseUrl: BASE_URL });
    const sp = samlify.ServiceProvider({ metadata: xml });
    const { entityId, acsUrl } = samlServiceProvider(BASE_URL, connectorId);
    expect(sp.entityMeta.getEntityID()).toBe(entityId);
    expect(entityId).toBe(`${BASE_URL}/sso/saml/${connectorId}`);
    expect(sp.entityMeta.isWantAssertionsSigned()).toBe(true);
    const doc = await parseDomFromString(xml);
    const [acs] = xpath.selectElements(doc, "//*[local-name(.)='AssertionConsumerService']");
    expect(acs?.getAttribute("Location")).toBe(acsUrl);
    expect(acs?.getAttribute("Binding")).toBe("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST");
  });

  it("first sign-in creates the user and the JIT membership; the next one syncs the name", async () => {
    const { connectorId, domain, organization, role } = await setup();
    const email = `alice@${domain}`;
    const nameId = unique("persistent");
    const first = signedIn(
      await finish(
        connectorId,
        await answer(connectorId, { nameId, attributes: { email, name: "Alice" } }),
      ),
    );
    expect(first.callbackUrl).toBe("/after");
    const { user, amr } = await completeSignIn(t.db(), { challengeToken: first.challengeToken });
    expect(amr).toEqual(["ext"]);
    const row = await t.db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row).toMatchObject({ email, name: "Alice" });
    expect(row.emailVerifiedAt).not.toBeNull();
    expect(
      await t.db().organizationMemberRole.findMany({
        where: { organizationId: organization.id, userId: user.id },
        select: { roleId: true },
      }),
    ).toEqual([{ roleId: role.id }]);

    const second = signedIn(
      await finish(
        connectorId,
        await answer(connectorId, { nameId, attributes: { email, name: "Alice B." } }),
      ),
    );
    const again = await completeSignIn(t.db(), { challengeToken: second.challengeToken });
    expect(again.user.id).toBe(user.id);
    expect((await t.db().user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe("Alice B.");
  });

  it("reads the email and the name from the attributes the connector's mapping names first", async () => {
    const { connectorId, domain } = await setup();
    const mapping = { email: "urn:corp:primary-mail", name: "urn:corp:display" };
    const stored = await t.db().ssoConnector.findUniqueOrThrow({ where: { id: connectorId } });
    await t.db().ssoConnector.update({
      where: { id: connectorId },
      data: { config: { ...(stored.config as object), attributeMapping: mapping } },
    });
    const email = `mapped@${domain}`;
    const result = signedIn(
      await finish(
        connectorId,
        await answer(connectorId, {
          nameId: unique("mapped"),
          // The usual names hold other values: the mapping must win.
          attributes: {
            [mapping.email]: email,
            [mapping.name]: "Mapped Name",
            email: `other@${domain}`,
            name: "Usual Name",
          },
        }),
      ),
    );
    const { user } = await completeSignIn(t.db(), { challengeToken: result.challengeToken });
    expect(await t.db().user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({
      email,
      name: "Mapped Name",
    });
  });

  it("test mode shows the attributes and signs nobody in", async () => {
    const { connectorId, domain } = await setup();
    const email = `tess@${domain}`;
    const redirectUrl = await redirectToIdp(connectorId, true);
    const posted = await idp.answer(samlServiceProvider(BASE_URL, connectorId), {
      redirectUrl,
      nameId: "tess",
      attributes: { email },
    });
    const result = await finish(connectorId, posted);
    expect(result).toMatchObject({ test: true, claims: { nameID: "tess", attributes: { email } } });
    expect(await t.db().user.count({ where: { email } })).toBe(0);
  });

  it("refuses a replayed response: the same RelayState, and under a fresh sign-in", async () => {
    const { connectorId, domain } = await setup();
    const posted = await answer(connectorId, {
      nameId: unique("n"),
      attributes: { email: `r@${domain}` },
    });
    signedIn(await finish(connectorId, posted));
    await expectDomainError(finish(connectorId, posted), "sso.state_invalid");

    // A new sign-in's RelayState around the old response: InResponseTo names another request.
    const fresh = new URL(await redirectToIdp(connectorId));
    const error = await expectDomainError(
      finish(connectorId, {
        samlResponse: posted.samlResponse,
        relayState: fresh.searchParams.get("RelayState") ?? "",
      }),
      "sso.sign_in_failed",
    );
    expect(error.message).toMatch(/InResponseTo/);
    expect(await lastFailure(connectorId)).toMatchObject({ code: "sso.sign_in_failed" });
  });

  it("refuses an assertion that is not signed (only the response around it is)", async () => {
    const { connectorId, domain } = await setup();
    const posted = await answer(connectorId, {
      nameId: unique("n"),
      attributes: { email: `u@${domain}` },
      signAssertion: false,
    });
    await expectDomainError(finish(connectorId, posted), "sso.sign_in_failed");
    expect(await t.db().user.count({ where: { email: `u@${domain}` } })).toBe(0);
  });

  it("refuses a tampered assertion", async () => {
    const { connectorId, domain } = await setup();
    const posted = await answer(connectorId, {
      nameId: "mallory",
      attributes: { email: `m@${domain}` },
    });
    const forged = tamper(posted.samlResponse, `m@${domain}`, `ceo@${domain}`);
    const error = await expectDomainError(
      finish(connectorId, { ...posted, samlResponse: forged }),
      "sso.sign_in_failed",
    );
    expect(error.message).toMatch(/could not be verified/);
    expect(await t.db().user.count({ where: { email: `ceo@${domain}` } })).toBe(0);
  });

  it("refuses an assertion signed with another key", async () => {
    const { connectorId, domain } = await setup();
    const posted = await answer(
      connectorId,
      { nameId: unique("n"), attributes: { email: `w@${domain}` } },
      impostor,
    );
    await expectDomainError(finish(connectorId, posted), "sso.sign_in_failed");
    expect((await lastFailure(connectorId))?.reason).toMatch(/^saml: /);
  });

  it("refuses an expired assertion (beyond the clock skew) and a wrong audience", async () => {
    const { connectorId, domain } = await setup();
    const expired = await answer(connectorId, {
      nameId: unique("n"),
      attributes: { email: `x@${domain}` },
      validForMinutes: -2,
    });
    await expectDomainError(finish(connectorId, expired), "sso.sign_in_failed");
    const otherAudience = await answer(connectorId, {
      nameId: unique("n"),
      attributes: { email: `y@${domain}` },
      audience: "https://someone-else.test/sp",
    });
    const error = await expectDomainError(finish(connectorId, otherAudience), "sso.sign_in_failed");
    expect(error.message).toMatch(/audience/i);
  });

  it("an unknown RelayState is refused before the response is looked at", async () => {
    const { connectorId } = await setup();
    await expectDomainError(
      finish(connectorId, { samlResponse: "PHNhbWw+", relayState: "not-a-state" }),
      "sso.state_invalid",
    );
    expect(await lastFailure(connectorId)).toMatchObject({ code: "sso.state_invalid" });
  });
});

describe("password sign-in of SSO emails", () => {
  it("is refused with sign_in.sso_required for a connector domain without password sign-in", async () => {
    const { connectorId, domain } = await setup();
    const passwordHash = await hashPassword("a-long-password-1");
    await t.db().user.create({ data: { email: `pat@${domain}`, passwordHash } });
    const error = await expectDomainError(
      beginPasswordSignIn(t.db(), { identifier: `pat@${domain}`, password: "a-long-password-1" }),
      "sign_in.sso_required",
    );
    expect(error.data).toEqual({ connectorId });
    // Same answer whether or not the account exists or the password is right.
    const unknown = await expectDomainError(
      beginPasswordSignIn(t.db(), { identifier: `nobody@${domain}`, password: "wrong" }),
      "sign_in.sso_required",
    );
    expect(unknown.message).toBe(error.message);
  });

  it("is allowed when the connector allows it, unless an SSO-only organization owns the domain", async () => {
    const { connectorId, domain } = await setup();
    await t
      .db()
      .ssoConnector.update({ where: { id: connectorId }, data: { allowPasswordSignIn: true } });
    const passwordHash = await hashPassword("a-long-password-1");
    await t.db().user.create({ data: { email: `quinn@${domain}`, passwordHash } });
    const step = await beginPasswordSignIn(t.db(), {
      identifier: `quinn@${domain}`,
      password: "a-long-password-1",
    });
    expect(step.status).toBe("complete");

    const org = await t
      .db()
      .organization.create({ data: { name: unique("sso-only"), isSsoOnly: true } });
    await t
      .db()
      .organizationJitEmailDomain.create({ data: { organizationId: org.id, emailDomain: domain } });
    await expectDomainError(
      beginPasswordSignIn(t.db(), { identifier: `quinn@${domain}`, password: "a-long-password-1" }),
      "sign_in.sso_required",
    );
  });
});
