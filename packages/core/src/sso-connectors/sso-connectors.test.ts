import { readFileSync } from "node:fs";
import { MASKED_SECRET } from "@guildhall/validators";
import { describe, expect, it } from "vitest";
import { open } from "../crypto/secret-box.ts";
import { expectDomainError, TEST_INSTANCE_SECRET, unique, useTestDatabase } from "../test-utils.ts";
import {
  createSsoConnector,
  deleteSsoConnector,
  findSsoConnectorForEmail,
  getSsoConnector,
  listSsoConnectorProviders,
  listSsoConnectors,
  loadSsoConnectorForSignIn,
  updateSsoConnector,
} from "./index.ts";

const t = useTestDatabase();
const opts = { instanceSecret: TEST_INSTANCE_SECRET };
const certPem = readFileSync(new URL("./fixtures/idp-cert.pem", import.meta.url), "utf8");
const certBody = certPem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, "");

const domain = () => `${unique("corp")}.example`;
const metadata = (entityId: string, extra = "", cert = certBody) => `<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${entityId}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    ${
      cert
        ? `<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`
        : ""
    }
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://idp.example/sso/post"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example/sso/redirect"/>
    ${extra}
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;

const oidc = (over: Record<string, unknown> = {}) =>
  createSsoConnector(
    t.ctx(),
    {
      providerName: "OIDC",
      connectorName: unique("Acme OIDC"),
      config: {
        issuer: "https://idp.example.com",
        clientId: "client-1",
        clientSecret: "s3cret-value",
      },
      domains: [domain()],
      ...over,
    },
    opts,
  );

describe("SSO connectors", () => {
  it("lists the OIDC and SAML providers in Logto's shape", () => {
    expect(listSsoConnectorProviders().map((p) => [p.providerName, p.providerType])).toEqual([
      ["OIDC", "oidc"],
      ["SAML", "saml"],
    ]);
  });

  it("seals the OIDC client secret, masks it everywhere, and opens it for sign-in", async () => {
    const created = await oidc({
      domains: ["Example-Corp.TEST"],
      branding: { displayName: "Acme" },
    });
    expect(created.config).toEqual({
      issuer: "https://idp.example.com",
      clientId: "client-1",
      clientSecret: MASKED_SECRET,
      scope: "openid profile email",
    });
    expect(created.domains).toEqual(["example-corp.test"]);
    expect(JSON.stringify(await getSsoConnector(t.ctx(), { id: created.id }))).not.toContain(
      "s3cret",
    );
    const list = await listSsoConnectors(t.ctx(), { pageSize: 100 });
    expect(JSON.stringify(list)).not.toContain("s3cret");

    const row = await t.db().ssoConnector.findUniqueOrThrow({ where: { id: created.id } });
    const stored = row.config as { clientSecret: string };
    expect(stored.clientSecret).not.toContain("s3cret");
    expect(open(stored.clientSecret, TEST_INSTANCE_SECRET, "sso-connector")).toBe("s3cret-value");

    const loaded = await loadSsoConnectorForSignIn(t.db(), {
      id: created.id,
      instanceSecret: TEST_INSTANCE_SECRET,
    });
    expect(loaded).toMatchObject({
      providerName: "OIDC",
      oidc: { clientSecret: "s3cret-value", clientId: "client-1" },
      branding: { displayName: "Acme" },
    });
    await expectDomainError(
      loadSsoConnectorForSignIn(t.db(), {
        id: created.id,
        instanceSecret: "another-secret-0123456789",
      }),
      "sso_connector.invalid_config",
    );
  });

  it("keeps the sealed secret when an update leaves it out or masked, replaces it when given", async () => {
    const created = await oidc();
    const load = () => loadSsoConnectorForSignIn(t.db(), { id: created.id, ...opts });
    await updateSsoConnector(t.ctx(), { id: created.id, config: { clientId: "client-2" } }, opts);
    await updateSsoConnector(
      t.ctx(),
      {
        id: created.id,
        config: { ...created.config, clientId: "client-2", clientSecret: MASKED_SECRET },
      },
      opts,
    );
    expect(await load()).toMatchObject({
      oidc: { clientId: "client-2", clientSecret: "s3cret-value" },
    });
    await updateSsoConnector(
      t.ctx(),
      { id: created.id, config: { clientSecret: "new-one" } },
      opts,
    );
    expect(await load()).toMatchObject({ oidc: { clientSecret: "new-one" } });
  });

  it("stores an attribute mapping with the config, keeping the secret, and hands it to the sign-in", async () => {
    const created = await oidc();
    const mapping = { email: "upn", name: "displayName" };
    await updateSsoConnector(
      t.ctx(),
      { id: created.id, config: { attributeMapping: mapping } },
      opts,
    );
    expect(await loadSsoConnectorForSignIn(t.db(), { id: created.id, ...opts })).toMatchObject({
      attributeMapping: mapping,
      oidc: { clientSecret: "s3cret-value" },
    });
    await expectDomainError(
      updateSsoConnector(
        t.ctx(),
        { id: created.id, config: { attributeMapping: { email: "x".repeat(600) } } },
        opts,
      ),
      "sso_connector.invalid_config",
    );
  });

  it("validates OIDC settings: https issuer (http only for localhost), client id and secret", async () => {
    const bad = (config: Record<string, unknown>) =>
      expectDomainError(
        createSsoConnector(
          t.ctx(),
          { providerName: "OIDC", connectorName: unique("x"), config },
          opts,
        ),
        "sso_connector.invalid_config",
      );
    const error = await bad({ issuer: "http://idp.example.com", clientId: "a", clientSecret: "b" });
    expect(error.message).toContain("config.issuer");
    expect((await bad({ issuer: "https://idp.example.com", clientId: "a" })).message).toContain(
      "clientSecret",
    );
    await bad({ issuer: "https://idp.example.com", clientSecret: "b", clientId: "" });
    await bad({
      issuer: "https://idp.example.com",
      clientId: "a",
      clientSecret: "b",
      scope: "profile",
    });
    const local = await oidc({
      config: { issuer: "http://127.0.0.1:4010", clientId: "a", clientSecret: "b" },
    });
    expect(local.config.issuer).toBe("http://127.0.0.1:4010");
  });

  it("reads SAML metadata with the XML parser: entity id, redirect SSO URL, certificate", async () => {
    const entityId = `https://idp.example/${unique("e")}`;
    const created = await createSsoConnector(
      t.ctx(),
      {
        providerName: "SAML",
        connectorName: unique("Acme SAML"),
        config: { idpMetadataXml: metadata(entityId) },
        domains: [domain()],
      },
      opts,
    );
    expect(created.providerConfig).toMatchObject({
      entityId,
      ssoUrl: "https://idp.example/sso/redirect",
      ssoBinding: "redirect",
      certificates: [{ subject: "CN=Guildhall test SAML IdP" }],
    });
    const loaded = await loadSsoConnectorForSignIn(t.db(), { id: created.id, ...opts });
    if (loaded.providerName !== "SAML") throw new Error("expected SAML");
    expect(loaded.saml.entityId).toBe(entityId);
    expect(loaded.saml.certificates[0]?.pem.replace(/\s/g, "")).toBe(certPem.replace(/\s/g, ""));
  });

  it("accepts entity id + SSO URL + certificate (PEM or base64), and refuses a wrong certificate", async () => {
    const manual = (x509Certificate: string) =>
      createSsoConnector(
        t.ctx(),
        {
          providerName: "SAML",
          connectorName: unique("manual"),
          config: { entityId: "urn:idp", ssoUrl: "https://idp.example/sso", x509Certificate },
        },
        opts,
      );
    expect((await manual(certPem)).providerConfig).toMatchObject({ entityId: "urn:idp" });
    expect((await manual(certBody)).providerConfig).toMatchObject({ ssoBinding: "redirect" });
    const wrong = await expectDomainError(
      manual("MIIBnotacertificate"),
      "sso_connector.invalid_config",
    );
    expect(wrong.message).toContain("x509Certificate");
    await expectDomainError(manual(certPem.replace("MII", "XXX")), "sso_connector.invalid_config");
    const missing = await expectDomainError(
      createSsoConnector(
        t.ctx(),
        { providerName: "SAML", connectorName: unique("m"), config: { entityId: "urn:idp" } },
        opts,
      ),
      "sso_connector.invalid_config",
    );
    expect(missing.data).toMatchObject({ missing: ["ssoUrl", "x509Certificate"] });
  });

  it("refuses malformed metadata, metadata without a certificate, and a DOCTYPE", async () => {
    const refuse = async (idpMetadataXml: string, contains: string) => {
      const error = await expectDomainError(
        createSsoConnector(
          t.ctx(),
          { providerName: "SAML", connectorName: unique("bad"), config: { idpMetadataXml } },
          opts,
        ),
        "sso_connector.invalid_config",
      );
      expect(error.message).toContain(contains);
    };
    await refuse("<md:EntityDescriptor <<>", "not well-formed");
    await refuse("just text", "not");
    await refuse(metadata("urn:idp", "", ""), "no signing certificate");
    await refuse(metadata("urn:idp", "", "bm90IGEgY2VydA=="), "not a valid X.509 certificate");
    await refuse(
      `<!DOCTYPE x [<!ENTITY a "b">]>${metadata("urn:idp").replace(/^<\?xml[^>]*>/, "")}`,
      "DOCTYPE",
    );
    await refuse(
      '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="sp"><md:SPSSODescriptor/></md:EntityDescriptor>',
      "IDPSSODescriptor",
    );
  });

  it("normalizes domains, refuses public mail domains and a domain another connector owns", async () => {
    const owned = domain();
    const first = await oidc({ domains: [owned.toUpperCase(), owned] });
    expect(first.domains).toEqual([owned]);
    const taken = await expectDomainError(
      oidc({ domains: [owned] }),
      "sso_connector.invalid_config",
    );
    expect(taken.data).toMatchObject({ domains: [owned], connectorName: first.connectorName });
    await expectDomainError(oidc({ domains: ["gmail.com"] }), "sso_connector.invalid_config");
    await expectDomainError(oidc({ domains: ["not a domain"] }), "guard.invalid_input");
    // Its own domains do not block an update of the same connector.
    await updateSsoConnector(t.ctx(), { id: first.id, domains: [owned, domain()] }, opts);
    // Two connectors claiming one domain at once: exactly one wins.
    const race = domain();
    const results = await Promise.allSettled([
      oidc({ domains: [race] }),
      oidc({ domains: [race] }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });

  it("finds the connector for an email's domain (home-realm discovery)", async () => {
    const owned = domain();
    const created = await oidc({ domains: [owned], allowPasswordSignIn: true });
    expect(
      await findSsoConnectorForEmail(t.db(), { email: `Alice@${owned.toUpperCase()}` }),
    ).toEqual({
      id: created.id,
      connectorName: created.connectorName,
      allowPasswordSignIn: true,
    });
    expect(await findSsoConnectorForEmail(t.db(), { email: `alice@${domain()}` })).toBeNull();
    expect(await findSsoConnectorForEmail(t.db(), { email: "not an email" })).toBeNull();
    // Not configured yet: it does not capture its domains.
    const bare = domain();
    await createSsoConnector(
      t.ctx(),
      { providerName: "SAML", connectorName: unique("bare"), domains: [bare] },
      opts,
    );
    expect(await findSsoConnectorForEmail(t.db(), { email: `bob@${bare}` })).toBeNull();
  });

  it("refuses a duplicate name, lets only admins and the Management API write, audits", async () => {
    const created = await oidc();
    await expectDomainError(
      oidc({ connectorName: created.connectorName }),
      "sso_connector.name_taken",
    );
    const collaborator = t.ctx({ actor: { type: "console", userId: "c", role: "collaborator" } });
    await expectDomainError(
      updateSsoConnector(collaborator, { id: created.id, syncProfile: false }, opts),
      "auth.forbidden",
    );
    await expectDomainError(deleteSsoConnector(collaborator, { id: created.id }), "auth.forbidden");
    expect((await getSsoConnector(collaborator, { id: created.id })).id).toBe(created.id);
    const m2m = t.ctx({ actor: { type: "management_api", clientId: "m2m" } });
    await updateSsoConnector(m2m, { id: created.id, connectorName: unique("renamed") }, opts);
    await deleteSsoConnector(t.ctx(), { id: created.id });
    await expectDomainError(
      getSsoConnector(t.ctx(), { id: created.id }),
      "sso_connector.not_found",
    );
    await expectDomainError(
      deleteSsoConnector(t.ctx(), { id: created.id }),
      "sso_connector.not_found",
    );
    const audit = await t.db().auditLog.findMany({
      where: { targetId: created.id },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((a) => a.action)).toEqual([
      "sso_connector.created",
      "sso_connector.updated",
      "sso_connector.deleted",
    ]);
    expect(JSON.stringify(audit)).not.toContain("s3cret");
  });
});
