import { describe, expect, it } from "vitest";
import { frozenNow, ISSUER, issueTestToken, JWKS_URI, testKey } from "../test/fixtures.ts";
import { JwksFetchError } from "./errors.ts";
import { authenticateRequest, withOrganizationToken } from "./fetch.ts";
import { createLocalVerifier, createOrganizationTokenVerifier } from "./verify.ts";

async function setup() {
  const key = await testKey();
  const verifier = createLocalVerifier({ issuer: ISSUER, keys: [key.publicJwk], now: frozenNow });
  const token = await issueTestToken(key);
  const request = (authorization?: string) =>
    new Request(
      "https://app.example.com/api/orgs/org_a/members",
      authorization === undefined ? {} : { headers: { authorization } },
    );
  return { key, verifier, token, request };
}

describe("authenticateRequest", () => {
  it("returns the claims for a valid token", async () => {
    const { verifier, token, request } = await setup();
    const result = await authenticateRequest(verifier, request(`Bearer ${token}`), {
      organizationId: "org_a",
    });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.claims.scopes).toEqual(["read:member", "remove:member"]);
  });

  it("returns a 401 response without a token", async () => {
    const { verifier, request } = await setup();
    const result = await authenticateRequest(verifier, request(), { realm: "api" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeUndefined();
    expect(result.response.status).toBe(401);
    expect(result.response.headers.get("WWW-Authenticate")).toBe('Bearer realm="api"');
    expect(result.response.headers.get("Content-Type")).toBe("application/json");
  });

  it("returns 401 invalid_token for a tampered token", async () => {
    const { verifier, token, request } = await setup();
    const result = await authenticateRequest(verifier, request(`Bearer ${token.slice(0, -4)}AAAA`));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error?.code).toBe("bad_signature");
    expect(result.response.status).toBe(401);
    expect(result.response.headers.get("WWW-Authenticate")).toBe(
      'Bearer error="invalid_token", error_description="The access token signature is invalid"',
    );
    expect(await result.response.json()).toEqual({
      error: "invalid_token",
      error_description: "The access token signature is invalid",
    });
  });

  it("returns 403 for a missing permission or another organization", async () => {
    const { verifier, token, request } = await setup();
    const scope = await authenticateRequest(verifier, request(`Bearer ${token}`), {
      requiredScopes: ["billing:manage"],
    });
    const org = await authenticateRequest(verifier, request(`Bearer ${token}`), {
      organizationId: "org_b",
    });
    for (const result of [scope, org]) {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.response.status).toBe(403);
    }
    if (!scope.ok) {
      expect(scope.response.headers.get("WWW-Authenticate")).toContain(
        'error="insufficient_scope"',
      );
      expect(scope.response.headers.get("WWW-Authenticate")).toContain('scope="billing:manage"');
    }
  });

  it("rethrows JWKS failures", async () => {
    const { token, request } = await setup();
    const verifier = createOrganizationTokenVerifier({
      issuer: ISSUER,
      jwksUri: JWKS_URI,
      fetch: async () => ({ ok: false, status: 500, json: async () => ({}) }),
    });
    await expect(authenticateRequest(verifier, request(`Bearer ${token}`))).rejects.toBeInstanceOf(
      JwksFetchError,
    );
  });
});

describe("withOrganizationToken (Next route handler shape)", () => {
  type Ctx = { params: Promise<{ orgId: string }> };
  it("runs the handler with claims and context, or answers the challenge", async () => {
    const { verifier, token } = await setup();
    const GET = withOrganizationToken<Ctx>(
      verifier,
      {
        organizationId: async (_request, { params }) => (await params).orgId,
        requiredScopes: ["read:member"],
      },
      async (_request, claims, { params }) =>
        Response.json({ org: (await params).orgId, sub: claims.sub }),
    );
    const call = (orgId: string, authorization?: string) =>
      GET(
        new Request(
          `https://app.example.com/api/orgs/${orgId}`,
          authorization ? { headers: { authorization } } : {},
        ),
        {
          params: Promise.resolve({ orgId }),
        },
      );

    const ok = await call("org_a", `Bearer ${token}`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ org: "org_a", sub: "user_alice" });

    expect((await call("org_b", `Bearer ${token}`)).status).toBe(403);
    expect((await call("org_a")).status).toBe(401);
  });
});
