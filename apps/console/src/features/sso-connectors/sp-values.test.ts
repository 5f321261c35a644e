import { describe, expect, it } from "vitest";
import { serviceProviderValues, testConnectionUrl } from "./sp-values";

describe("serviceProviderValues", () => {
  it("gives the SAML entity ID, ACS URL and metadata URL under /sso/saml/{id}", () => {
    expect(
      serviceProviderValues("SAML", "https://id.example.com", "abc").map((v) => v.value),
    ).toEqual([
      "https://id.example.com/sso/saml/abc",
      "https://id.example.com/sso/saml/abc/acs",
      "https://id.example.com/sso/saml/abc/metadata",
    ]);
  });

  it("gives the OIDC redirect URI, and the test URL", () => {
    expect(serviceProviderValues("OIDC", "http://localhost:3000", "c1")).toMatchObject([
      { value: "http://localhost:3000/sso/oidc/c1/callback" },
    ]);
    expect(testConnectionUrl("c1")).toBe("/sso/c1/start?test=1");
  });
});
