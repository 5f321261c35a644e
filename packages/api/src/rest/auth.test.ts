import { generateSigningKey } from "@guildhall/org-token/issue";
import { generateKeyPair } from "jose";
import { describe, expect, it } from "vitest";
import { useManagementApi } from "./test/harness.ts";

const h = useManagementApi();

async function expectUnauthorized(
  token: string | null,
  code = "auth.unauthorized",
  headers: Record<string, string> = {},
) {
  const response = await h.call("GET", "/api/organizations", { token, headers });
  expect(response.status).toBe(401);
  expect(response.body).toMatchObject({ code });
  expect(response.headers.get("www-authenticate")).toMatch(
    /^Bearer realm="Guildhall Management API"/,
  );
  return response;
}

describe("Management API authentication", () => {
  it("accepts a valid token with the all scope", async () => {
    expect((await h.call("GET", "/api/organizations")).status).toBe(200);
  });

  it("401 auth.authorization_header_missing without a header", async () => {
    const response = await expectUnauthorized(null, "auth.authorization_header_missing");
    expect(response.headers.get("www-authenticate")).toBe(
      'Bearer realm="Guildhall Management API"',
    );
  });

  it("401 auth.authorization_token_type_not_supported for another scheme", async () => {
    await expectUnauthorized(null, "auth.authorization_token_type_not_supported", {
      authorization: "Basic dXNlcjpwYXNz",
    });
  });

  it("401 auth.unauthorized with error=invalid_token for a bad signature", async () => {
    const { privateJwk } = await generateSigningKey("ES256");
    const response = await expectUnauthorized(await h.token({ key: privateJwk }));
    expect(response.headers.get("www-authenticate")).toContain('error="invalid_token"');
    expect(response.body).toMatchObject({
      data: { reason: "ERR_JWS_SIGNATURE_VERIFICATION_FAILED" },
    });
  });

  it("401 for the wrong audience, the wrong issuer, an expired token, an unknown key, garbage", async () => {
    await expectUnauthorized(await h.token({ audience: "https://elsewhere.example.com/api" }));
    await expectUnauthorized(await h.token({ issuer: "https://evil.example.com/oidc" }));
    await expectUnauthorized(await h.token({ expiresIn: Math.floor(Date.now() / 1000) - 60 }));
    await expectUnauthorized(await h.token({ kid: "unknown-kid" }));
    await expectUnauthorized("not.a.jwt");
    await expectUnauthorized(null, "auth.unauthorized", { authorization: "Bearer" });
  });

  it("401 for a token signed with another algorithm than ES256", async () => {
    // RSA on purpose: org-token's generator makes only the algorithms Guildhall signs with.
    const { privateKey } = await generateKeyPair("RS256");
    await expectUnauthorized(await h.token({ key: privateKey, alg: "RS256" }));
  });

  it("403 auth.forbidden with error=insufficient_scope without the all scope", async () => {
    for (const scope of ["", "read:organizations", "allx"]) {
      const response = await h.call("GET", "/api/organizations", {
        token: await h.token({ scope }),
      });
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ code: "auth.forbidden" });
      expect(response.headers.get("www-authenticate")).toContain(
        'error="insufficient_scope", scope="all"',
      );
    }
  });

  it("takes the caller from client_id, else sub, into the audit log", async () => {
    const token = await h.token({ clientId: "m2m-audited" });
    const created = await h.call<{ id: string }>("POST", "/api/organizations", {
      token,
      body: { name: "Audited" },
    });
    expect(created.status).toBe(201);
    const entry = await h.db.auditLog.findFirst({ where: { targetId: created.body.id } });
    expect(entry?.actorId).toBe("m2m-audited");
  });

  it("checks the token before the input", async () => {
    const response = await h.call("POST", "/api/organizations", {
      token: null,
      body: { name: "" },
    });
    expect(response.status).toBe(401);
  });

  it("serves the OpenAPI document without a token", async () => {
    const response = await h.call("GET", "/api/openapi.json", { token: null });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ openapi: "3.1.0" });
  });
});
