import { parseTrustProxy } from "@guildhall/core/proxy-trust";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestOidcServer, type TestOidcServer } from "./test-server.ts";

const spoofed = { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" };

async function discovery(s: TestOidcServer, headers: Record<string, string> = {}) {
  const response = await fetch(`${s.issuer}/.well-known/openid-configuration`, { headers });
  expect(response.status).toBe(200);
  return (await response.json()) as {
    issuer: string;
    authorization_endpoint: string;
    token_endpoint: string;
    jwks_uri: string;
  };
}

describe("X-Forwarded-Host/-Proto without TRUST_PROXY", () => {
  let s: TestOidcServer;
  beforeAll(async () => {
    s = await startTestOidcServer();
  });
  afterAll(async () => {
    await s.close();
  });

  it("are ignored: discovery names BASE_URL's origin for the issuer and every endpoint", async () => {
    const doc = await discovery(s, spoofed);
    expect(doc.issuer).toBe(s.issuer);
    for (const url of [doc.authorization_endpoint, doc.token_endpoint, doc.jwks_uri])
      expect(url.startsWith(`${s.issuer}/`)).toBe(true);
  });

  it("a forged Host header does not move the endpoints either", async () => {
    // fetch sets Host itself; a raw request shows what any client can send.
    const { request } = await import("node:http");
    const { port } = new URL(s.baseUrl);
    const body = await new Promise<string>((resolve, reject) => {
      const req = request(
        {
          host: "127.0.0.1",
          port,
          path: "/oidc/.well-known/openid-configuration",
          headers: { host: "evil.example" },
        },
        (res) => {
          let text = "";
          res.on("data", (chunk: Buffer) => (text += chunk.toString()));
          res.on("end", () => resolve(text));
        },
      );
      req.on("error", reject);
      req.end();
    });
    expect((JSON.parse(body) as { token_endpoint: string }).token_endpoint).toBe(
      `${s.issuer}/token`,
    );
  });
});

describe("X-Forwarded-Host/-Proto with TRUST_PROXY naming the peer", () => {
  let s: TestOidcServer;
  beforeAll(async () => {
    s = await startTestOidcServer({ trustProxy: parseTrustProxy("127.0.0.1") });
  });
  afterAll(async () => {
    await s.close();
  });

  it("are honoured as oidc-provider does: the endpoints name the forwarded origin", async () => {
    const doc = await discovery(s, spoofed);
    expect(doc.token_endpoint).toBe("https://evil.example/oidc/token");
    // The issuer is configuration, never taken from a request.
    expect(doc.issuer).toBe(s.issuer);
    // Without forwarding headers, the request's own origin.
    expect((await discovery(s)).token_endpoint).toBe(`${s.issuer}/token`);
  });
});

describe("TRUST_PROXY naming other addresses", () => {
  let s: TestOidcServer;
  beforeAll(async () => {
    s = await startTestOidcServer({ trustProxy: parseTrustProxy("10.0.0.0/8, uniquelocal") });
  });
  afterAll(async () => {
    await s.close();
  });

  it("does not make a peer outside them trusted", async () => {
    expect((await discovery(s, spoofed)).token_endpoint).toBe(`${s.issuer}/token`);
  });
});
