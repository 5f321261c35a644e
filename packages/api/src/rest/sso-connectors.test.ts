import { readFileSync } from "node:fs";
import type { RestSsoConnector, RestSsoConnectorProvider } from "@guildhall/validators/rest";
import { describe, expect, it } from "vitest";
import { unique, useManagementApi } from "./test/harness.ts";

const h = useManagementApi();
const certPem = readFileSync(
  new URL("../../../core/src/sso-connectors/fixtures/idp-cert.pem", import.meta.url),
  "utf8",
);
const domain = () => `${unique("corp")}.example`;
const oidcBody = (over: Record<string, unknown> = {}) => ({
  providerName: "OIDC",
  connectorName: unique("Acme"),
  config: { issuer: "https://idp.example.com", clientId: "client-1", clientSecret: "s3cret-value" },
  domains: [domain()],
  ...over,
});
const samlBody = (config: Record<string, unknown>) => ({
  providerName: "SAML",
  connectorName: unique("Acme SAML"),
  config,
});

describe("/api/sso-connectors", () => {
  it("lists the providers", async () => {
    const providers = await h.ok<RestSsoConnectorProvider[]>(
      "GET",
      "/api/sso-connector-providers",
      200,
    );
    expect(providers.map((p) => p.providerName)).toEqual(["OIDC", "SAML"]);
  });

  it("creates (200, as Logto), gets, patches, lists and deletes; never returns the secret", async () => {
    const created = await h.ok<RestSsoConnector>(
      "POST",
      "/api/sso-connectors",
      200,
      oidcBody({
        domains: ["Acme-Example.TEST"],
        allowPasswordSignIn: true,
      }),
    );
    expect(created).toMatchObject({
      providerName: "OIDC",
      providerType: "oidc",
      domains: ["acme-example.test"],
      config: { clientSecret: "********", scope: "openid profile email" },
      syncProfile: true,
      allowPasswordSignIn: true,
      createdAt: expect.any(Number) as number,
    });
    const got = await h.call("GET", `/api/sso-connectors/${created.id}`);
    expect(got.body).toEqual(created);
    const patched = await h.ok<RestSsoConnector>(
      "PATCH",
      `/api/sso-connectors/${created.id}`,
      200,
      {
        config: { clientId: "client-2" },
        syncProfile: false,
      },
    );
    expect(patched).toMatchObject({ config: { clientId: "client-2" }, syncProfile: false });
    const list = await h.call<RestSsoConnector[]>(
      "GET",
      "/api/sso-connectors?page=1&page_size=100",
    );
    expect(list.body.some((c) => c.id === created.id)).toBe(true);
    expect(list.headers.get("total-number")).toBeTruthy();
    const unpaginated = await h.call<RestSsoConnector[]>("GET", "/api/sso-connectors");
    expect(unpaginated.body.some((c) => c.id === created.id)).toBe(true);
    for (const response of [got, list, unpaginated]) expect(response.text).not.toContain("s3cret");
    expect(JSON.stringify(patched)).not.toContain("s3cret");
    await h.ok("DELETE", `/api/sso-connectors/${created.id}`, 204);
    const gone = await h.call("GET", `/api/sso-connectors/${created.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ code: "entity.not_exists_with_id" });
  });

  it("answers 409 for a duplicate name and 422 for a public or taken domain", async () => {
    const first = await h.ok<RestSsoConnector>("POST", "/api/sso-connectors", 200, oidcBody());
    const duplicate = await h.call("POST", "/api/sso-connectors", {
      body: oidcBody({ connectorName: first.connectorName }),
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ code: "single_sign_on.duplicate_connector_name" });
    const publicDomain = await h.call("POST", "/api/sso-connectors", {
      body: oidcBody({ domains: ["gmail.com"] }),
    });
    expect(publicDomain.status).toBe(422);
    expect(publicDomain.body).toMatchObject({ code: "single_sign_on.forbidden_domains" });
    const taken = await h.call("POST", "/api/sso-connectors", {
      body: oidcBody({ domains: first.domains }),
    });
    expect(taken.status).toBe(422);
    expect(taken.body).toMatchObject({ code: "connector.invalid_config" });
  });

  it("answers 422, never 500, for malformed metadata and a wrong certificate", async () => {
    for (const config of [
      { idpMetadataXml: "<EntityDescriptor <<<" },
      { idpMetadataXml: "<x/>" },
      { entityId: "urn:idp", ssoUrl: "https://idp.example/sso", x509Certificate: "not-a-cert" },
      { entityId: "urn:idp", ssoUrl: "https://idp.example/sso" },
      { entityId: "urn:idp", ssoUrl: "http://idp.example/sso", x509Certificate: certPem },
    ]) {
      const response = await h.call("POST", "/api/sso-connectors", { body: samlBody(config) });
      expect(response.status, JSON.stringify(config)).toBe(422);
      expect(response.body).toMatchObject({ code: "connector.invalid_config" });
    }
    const good = await h.ok<RestSsoConnector>(
      "POST",
      "/api/sso-connectors",
      200,
      samlBody({
        entityId: "urn:idp",
        ssoUrl: "https://idp.example/sso",
        x509Certificate: certPem,
      }),
    );
    expect(good.providerConfig).toMatchObject({ entityId: "urn:idp", ssoBinding: "redirect" });
    const badPatch = await h.call("PATCH", `/api/sso-connectors/${good.id}`, {
      body: { config: { x509Certificate: "MIIBroken" } },
    });
    expect(badPatch.status).toBe(422);
  });

  it("answers 400 for a malformed body and 422 for an OIDC config without a secret", async () => {
    const noProvider = await h.call("POST", "/api/sso-connectors", {
      body: { connectorName: unique("x") },
    });
    expect(noProvider.status).toBe(400);
    const noSecret = await h.call("POST", "/api/sso-connectors", {
      body: oidcBody({ config: { issuer: "https://idp.example.com", clientId: "a" } }),
    });
    expect(noSecret.status).toBe(422);
    expect(noSecret.body).toMatchObject({ code: "connector.invalid_config" });
  });
});
