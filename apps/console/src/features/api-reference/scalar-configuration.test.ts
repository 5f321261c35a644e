import { getManagementApiDocument, managementApiRoutes } from "@guildhall/api/rest";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { consoleContentSecurityPolicy } from "@/lib/security-headers";
import {
  MANAGEMENT_API_SECURITY_SCHEME,
  OPENAPI_DOCUMENT_PATH,
  scalarConfiguration,
} from "./scalar-configuration";
import "./zod-jitless";

const BASE_URL = "https://id.example.com";
const document = getManagementApiDocument({ baseUrl: BASE_URL });
const configuration = scalarConfiguration();

describe("the API reference's Scalar configuration", () => {
  it("renders the public document of this instance, whose requests go to this origin's /api", () => {
    expect(configuration.url).toBe(OPENAPI_DOCUMENT_PATH);
    const route = managementApiRoutes(BASE_URL).find(
      (r) => r.method === "GET" && r.path === OPENAPI_DOCUMENT_PATH,
    );
    expect(route?.public).toBe(true);
    expect(document.servers).toEqual([{ url: BASE_URL, description: "This instance" }]);
    for (const path of Object.keys(document.paths)) expect(path).toMatch(/^\/api\/\S+$/);
  });

  it("asks for the document's bearer token, and keeps it out of localStorage", () => {
    expect(document.components.securitySchemes).toHaveProperty(MANAGEMENT_API_SECURITY_SCHEME, {
      type: "http",
      scheme: "bearer",
      bearerFormat: "JWT",
      description: expect.any(String) as unknown,
    });
    expect(document.security).toEqual([{ [MANAGEMENT_API_SECURITY_SCHEME]: [] }]);
    expect(configuration.authentication.preferredSecurityScheme).toBe(
      MANAGEMENT_API_SECURITY_SCHEME,
    );
    expect(configuration.persistAuth).toBe(false);
  });

  it("calls none of Scalar's services, which the console's CSP would block anyway", () => {
    expect(configuration).toMatchObject({
      withDefaultFonts: false,
      telemetry: false,
      agent: { disabled: true },
      mcp: { disabled: true },
      showDeveloperTools: "never",
      hideClientButton: true,
    });
    expect(configuration).not.toHaveProperty("proxyUrl");
    const csp = consoleContentSecurityPolicy({ nonce: "n", baseUrl: BASE_URL, dev: false });
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("font-src 'self'");
    expect(csp).not.toContain("unsafe-eval");
    // Without eval allowed, zod must not even probe for it (a probe is a reported violation).
    expect(z.config().jitless).toBe(true);
  });
});
