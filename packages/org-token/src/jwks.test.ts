import { createServer, type Server } from "node:http";
import { type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fakeJwks, ISSUER, issueTestToken, JWKS_URI, NOW_MS, testKey } from "../test/fixtures.ts";
import { JwksFetchError, OrganizationTokenError } from "./errors.ts";
import { createRemoteKeySet, parseJwks } from "./jwks.ts";
import { createOrganizationTokenVerifier } from "./verify.ts";

/** A clock the test moves by hand. */
function manualClock(start = NOW_MS) {
  let t = start;
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
  };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    if (error instanceof OrganizationTokenError) return error.code;
    if (error instanceof JwksFetchError) return "jwks_error";
    throw error;
  }
}

describe.each(["node", "jose"] as const)("remote JWKS cache (%s engine)", (engine) => {
  it("fetches once for many verifications", async () => {
    const key = await testKey();
    const jwks = fakeJwks([key.publicJwk]);
    const clock = manualClock();
    const verifier = createOrganizationTokenVerifier({
      issuer: ISSUER,
      jwksUri: JWKS_URI,
      fetch: jwks.fetch,
      now: clock.now,
      engine,
    });
    const token = await issueTestToken(key);
    for (let i = 0; i < 50; i++) {
      await verifier.verify(token);
      clock.advance(1_000);
    }
    expect(jwks.calls).toBe(1);
  });

  it("does not fetch before the first verification", async () => {
    const jwks = fakeJwks([]);
    createOrganizationTokenVerifier({
      issuer: ISSUER,
      jwksUri: JWKS_URI,
      fetch: jwks.fetch,
      engine,
    });
    await Promise.resolve();
    expect(jwks.calls).toBe(0);
  });

  it("shares one in-flight fetch between concurrent verifications", async () => {
    const key = await testKey();
    const jwks = fakeJwks([key.publicJwk]);
    jwks.setDelay(20);
    const verifier = createOrganizationTokenVerifier({
      issuer: ISSUER,
      jwksUri: JWKS_URI,
      fetch: jwks.fetch,
      engine,
      now: () => NOW_MS,
    });
    const token = await issueTestToken(key);
    const results = await Promise.all(Array.from({ length: 25 }, () => verifier.verify(token)));
    expect(results).toHaveLength(25);
    expect(jwks.calls).toBe(1);
  });

  it("refetches once for an unknown kid and picks up a rotated key", async () => {
    const oldKey = await testKey("ES256", "old");
    const newKey = await testKey("ES256", "new");
    const jwks = fakeJwks([oldKey.publicJwk]);
    const clock = manualClock();
    const verifier = createOrganizationTokenVerifier({
      issuer: ISSUER,
      jwksUri: JWKS_URI,
      fetch: jwks.fetch,
      now: clock.now,
      engine,
    });

    await verifier.verify(await issueTestToken(oldKey));
    expect(jwks.calls).toBe(1);

    // The issuer rotates: publishes the new key (keeping the old one) and signs with it.
    clock.advance(60_000);
    jwks.setKeys([newKey.publicJwk, oldKey.publicJwk]);
    await expect(
      verifier.verify(await issueTestToken(newKey, { now: clock.now() })),
    ).resolves.toMatchObject({ sub: "user_alice" });
    expect(jwks.calls).toBe(2);

    // Both keys now verify from the cache.
    await verifier.verify(await issueTestToken(oldKey, { now: clock.now() }));
    await verifier.verify(await issueTestToken(newKey, { now: clock.now() }));
    expect(jwks.calls).toBe(2);
  });

  it("rate-limits refetches for unknown kids (cooldown)", async () => {
    const key = await testKey();
    const stranger = await testKey("ES256", "stranger");
    const jwks = fakeJwks([key.publicJwk]);
    const clock = manualClock();
    const verifier = createOrganizationTokenVerifier({
      issuer: ISSUER,
      jwksUri: JWKS_URI,
      fetch: jwks.fetch,
      now: clock.now,
      cooldownMs: 30_000,
      engine,
    });
    await verifier.verify(await issueTestToken(key));
    expect(jwks.calls).toBe(1);

    // Within the cooldown of that first fetch: no refetch, unknown_key.
    const strangerToken = await issueTestToken(stranger);
    for (let i = 0; i < 20; i++)
      expect(await codeOf(verifier.verify(strangerToken))).toBe("unknown_key");
    expect(jwks.calls).toBe(1);

    // After the cooldown: exactly one more fetch, then quiet again.
    clock.advance(30_000);
    for (let i = 0; i < 20; i++)
      expect(await codeOf(verifier.verify(strangerToken))).toBe("unknown_key");
    expect(jwks.calls).toBe(2);

    // A key published meanwhile is found at the next allowed refetch.
    jwks.setKeys([key.publicJwk, stranger.publicJwk]);
    clock.advance(10_000);
    expect(await codeOf(verifier.verify(strangerToken))).toBe("unknown_key");
    expect(jwks.calls).toBe(2);
    clock.advance(20_000);
    expect(await codeOf(verifier.verify(strangerToken))).toBe("ok");
    expect(jwks.calls).toBe(3);
  });

  it("concurrent unknown kids share one refetch", async () => {
    const key = await testKey();
    const stranger = await testKey("ES256", "stranger");
    const jwks = fakeJwks([key.publicJwk]);
    const clock = manualClock();
    const verifier = createOrganizationTokenVerifier({
      issuer: ISSUER,
      jwksUri: JWKS_URI,
      fetch: jwks.fetch,
      now: clock.now,
      engine,
    });
    await verifier.verify(await issueTestToken(key));
    clock.advance(60_000);
    jwks.setDelay(20);
    const strangerToken = await issueTestToken(stranger, { now: clock.now() });
    const codes = await Promise.all(
      Array.from({ length: 10 }, () => codeOf(verifier.verify(strangerToken))),
    );
    expect(codes).toEqual(Array.from({ length: 10 }, () => "unknown_key"));
    expect(jwks.calls).toBe(2);
  });

  it("reports an unreachable JWKS as JwksFetchError, and retries on the next verification", async () => {
    const key = await testKey();
    const jwks = fakeJwks([key.publicJwk]);
    jwks.setFailure(503);
    const verifier = createOrganizationTokenVerifier({
      issuer: ISSUER,
      jwksUri: JWKS_URI,
      fetch: jwks.fetch,
      now: () => NOW_MS,
      engine,
    });
    const token = await issueTestToken(key);
    const error = await verifier.verify(token).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JwksFetchError);
    expect((error as JwksFetchError).message).toMatch(/HTTP 503/);
    jwks.setFailure("network");
    expect(await codeOf(verifier.verify(token))).toBe("jwks_error");
    jwks.setFailure(undefined);
    expect(await codeOf(verifier.verify(token))).toBe("ok");
    expect(jwks.calls).toBe(3);
  });

  it("rejects a JWKS document that is not a key set", async () => {
    const key = await testKey();
    const fetch = async () => ({ ok: true, status: 200, json: async () => ({ nope: true }) });
    const verifier = createOrganizationTokenVerifier({
      issuer: ISSUER,
      jwksUri: JWKS_URI,
      fetch,
      now: () => NOW_MS,
      engine,
    });
    await expect(verifier.verify(await issueTestToken(key))).rejects.toThrow(/invalid/);
  });

  it("refreshes after cacheMaxAgeMs so removed keys stop verifying; keeps keys if that refresh fails", async () => {
    const key = await testKey();
    const other = await testKey("ES256", "other");
    const jwks = fakeJwks([key.publicJwk, other.publicJwk]);
    const clock = manualClock();
    const verifier = createOrganizationTokenVerifier({
      issuer: ISSUER,
      jwksUri: JWKS_URI,
      fetch: jwks.fetch,
      now: clock.now,
      cacheMaxAgeMs: 600_000,
      engine,
    });
    const token = await issueTestToken(key, { ttlSeconds: 86_400 });
    await verifier.verify(token);

    // Stale, JWKS down: the cached key keeps working.
    clock.advance(600_000);
    jwks.setFailure(500);
    expect(await codeOf(verifier.verify(token))).toBe("ok");
    expect(jwks.calls).toBe(2);

    // Up again, and the key was withdrawn: after the cooldown the refresh drops it.
    jwks.setFailure(undefined);
    jwks.setKeys([other.publicJwk]);
    clock.advance(30_000);
    expect(await codeOf(verifier.verify(token))).toBe("unknown_key");
    expect(jwks.calls).toBe(3);
  });
});

describe("remote JWKS over real HTTP", () => {
  let server: Server;
  let url: string;
  let hits = 0;
  let body = "{}";

  beforeAll(async () => {
    server = createServer((req, res) => {
      hits++;
      expect(req.headers.accept).toContain("json");
      res.setHeader("Content-Type", "application/jwk-set+json");
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oidc/jwks`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve, reject) =>
      server.close((error) => (error ? reject(error) : resolve())),
    );
  });

  it("verifies with keys from the global fetch, one request, rotation picked up", async () => {
    const a = await testKey("EdDSA", "http-a");
    const b = await testKey("EdDSA", "http-b");
    body = JSON.stringify({ keys: [a.publicJwk] });
    const clock = manualClock();
    const verifier = createOrganizationTokenVerifier({
      issuer: ISSUER,
      jwksUri: new URL(url),
      now: clock.now,
      cooldownMs: 1_000,
    });
    for (let i = 0; i < 10; i++) await verifier.verify(await issueTestToken(a));
    expect(hits).toBe(1);
    body = JSON.stringify({ keys: [a.publicJwk, b.publicJwk] });
    clock.advance(1_000);
    await verifier.verify(await issueTestToken(b, { now: clock.now() }));
    expect(hits).toBe(2);
  });
});

describe("parseJwks", () => {
  it("skips keys that cannot verify tokens and keeps the rest", async () => {
    const key = await testKey();
    const { keys, skipped } = parseJwks({
      keys: [
        key.publicJwk,
        { kty: "oct", k: "c2VjcmV0", kid: "hmac" },
        { ...key.publicJwk, kid: "enc", use: "enc" },
        { ...key.publicJwk, kid: "ops", key_ops: ["encrypt"] },
        { ...key.publicJwk, kid: "wrong-alg", alg: "RS256" },
        { ...key.publicJwk, kid: key.kid },
        "nonsense",
      ],
    });
    expect([...keys.keys()]).toEqual([key.kid]);
    expect(skipped).toHaveLength(6);
    expect(keys.get(key.kid)?.jwk).toEqual({
      kty: "EC",
      crv: "P-256",
      x: key.publicJwk.x,
      y: key.publicJwk.y,
    });
  });

  it("keeps the same key objects across refetches when keys are unchanged", async () => {
    const key = await testKey();
    const first = parseJwks({ keys: [key.publicJwk] }).keys;
    const second = parseJwks({ keys: [key.publicJwk] }, first).keys;
    expect(second.get(key.kid)).toBe(first.get(key.kid));
  });

  it("createRemoteKeySet needs a fetch", () => {
    const saved = globalThis.fetch;
    try {
      (globalThis as { fetch?: unknown }).fetch = undefined;
      expect(() => createRemoteKeySet({ jwksUri: JWKS_URI })).toThrow(/fetch/);
    } finally {
      globalThis.fetch = saved;
    }
  });
});
