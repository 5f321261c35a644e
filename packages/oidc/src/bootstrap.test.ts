import { applyBootstrap } from "@guildhall/core";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestOidcServer, type TestOidcServer } from "./test-server.ts";

let s: TestOidcServer;
beforeAll(async () => {
  s = await startTestOidcServer();
});
afterAll(async () => {
  await s.close();
});

describe("unattended bootstrap", () => {
  it("gives credentials that get a Management API token, as the README's curl does", async () => {
    const clientId = "ci-bootstrap";
    const clientSecret = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
    await applyBootstrap(s.t.db, {
      baseUrl: s.baseUrl,
      machineToMachine: { clientId, clientSecret },
    });
    const resource = `${s.baseUrl}/api`;

    // curl -u "$ID:$SECRET" -d grant_type=client_credentials -d resource=… -d scope=all
    const res = await fetch(`${s.issuer}/token`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`,
      },
      body: new URLSearchParams({ grant_type: "client_credentials", resource, scope: "all" }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { access_token: string; token_type: string };
    expect(body.token_type).toBe("Bearer");
    const { payload } = await jwtVerify(
      body.access_token,
      createRemoteJWKSet(new URL(`${s.issuer}/jwks`)),
      { issuer: s.issuer, audience: resource },
    );
    expect(payload).toMatchObject({ client_id: clientId, scope: "all" });
  });
});
