import { generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { exportJWK } from "jose";
import { describe, expect, it, vi } from "vitest";
import { frozenNow, ISSUER, issueTestToken, testKey } from "../test/fixtures.ts";
import { createLocalVerifier } from "./verify.ts";

describe("createLocalVerifier", () => {
  it("rejects unusable keys at construction", async () => {
    const { publicKey } = generateKeyPairSync("ec", { namedCurve: "secp256k1" });
    const secp256k1 = { ...(await exportJWK(publicKey)), kid: "k" };
    expect(() => createLocalVerifier({ issuer: ISSUER, keys: [secp256k1] })).toThrow(TypeError);
    expect(() =>
      createLocalVerifier({ issuer: ISSUER, keys: [{ kty: "oct", k: "c2VjcmV0", kid: "k" }] }),
    ).toThrow(/oct/);
    const key = await testKey();
    const { kid: _kid, ...noKid } = key.publicJwk;
    expect(() => createLocalVerifier({ issuer: ISSUER, keys: [noKid] })).toThrow(/kid/);
    expect(() =>
      createLocalVerifier({ issuer: ISSUER, keys: [{ ...key.publicJwk, use: "enc" }] }),
    ).toThrow(/use/);
    const small = {
      ...(await exportJWK(generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey)),
      kid: "r",
    };
    expect(() => createLocalVerifier({ issuer: ISSUER, keys: [small] })).toThrow(/2048/);
  });

  it("uses only the public members of a JWK, even if given a private one", async () => {
    const key = await testKey();
    const verifier = createLocalVerifier({
      issuer: ISSUER,
      keys: { keys: [key.privateJwk] },
      now: frozenNow,
    });
    await expect(verifier.verify(await issueTestToken(key))).resolves.toMatchObject({
      sub: "user_alice",
    });
  });

  it("validates its options", () => {
    expect(() => createLocalVerifier({ issuer: "", keys: [] })).toThrow(/issuer/);
    expect(() => createLocalVerifier({ issuer: ISSUER, keys: [], clockTolerance: -1 })).toThrow(
      /clockTolerance/,
    );
    expect(() =>
      createLocalVerifier({ issuer: ISSUER, keys: [], algorithms: ["HS256" as "ES256"] }),
    ).toThrow(/HS256/);
  });

  it("defaults to the node engine on Node", () => {
    expect(createLocalVerifier({ issuer: ISSUER, keys: [] }).engine).toBe("node");
  });
});

describe("Node detection", () => {
  it("runtime-neutral entry points have no static Node imports (edge bundlers stay happy)", () => {
    for (const file of [
      "verify.ts",
      "jwks.ts",
      "errors.ts",
      "claims.ts",
      "challenge.ts",
      "fetch.ts",
    ]) {
      const source = readFileSync(new URL(file, import.meta.url), "utf8");
      expect(source, file).not.toMatch(/^\s*import[^;]*from\s*["'](node:|crypto|buffer)/m);
      expect(source, file).not.toMatch(/\brequire\(/);
      expect(source, file).not.toMatch(/import\(\s*["']node:/);
    }
  });

  it("falls back to a dynamic import of node:crypto when process.getBuiltinModule is missing", async () => {
    const proc = process as { getBuiltinModule?: unknown };
    const saved = proc.getBuiltinModule;
    vi.resetModules();
    proc.getBuiltinModule = undefined;
    try {
      const fresh = await import("./verify.ts");
      const key = await testKey();
      // Synchronous detection fails in this fresh module instance...
      expect(() => fresh.createLocalVerifier({ issuer: ISSUER, keys: [], engine: "node" })).toThrow(
        /not available/,
      );
      // ...so "auto" resolves node:crypto asynchronously on first use.
      const verifier = fresh.createLocalVerifier({
        issuer: ISSUER,
        keys: [key.publicJwk],
        now: frozenNow,
      });
      await expect(verifier.verify(await issueTestToken(key))).resolves.toMatchObject({
        sub: "user_alice",
      });
      expect(verifier.engine).toBe("node");
      expect(() =>
        fresh.createLocalVerifier({ issuer: ISSUER, keys: [], engine: "node" }),
      ).not.toThrow();
    } finally {
      proc.getBuiltinModule = saved;
      vi.resetModules();
    }
  });
});
