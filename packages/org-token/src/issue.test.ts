import { createPrivateKey, type JsonWebKey } from "node:crypto";
import {
  calculateJwkThumbprint,
  decodeJwt,
  decodeProtectedHeader,
  importJWK,
  jwtVerify,
  type CryptoKey,
} from "jose";
import { describe, expect, it } from "vitest";
import { frozenNow, ISSUER, NOW_MS, NOW_S, testKey } from "../test/fixtures.ts";
import { ORGANIZATION_TOKEN_ALGORITHMS } from "./claims.ts";
import {
  generateSigningKey,
  issueOrganizationToken,
  type IssueOrganizationTokenOptions,
} from "./issue.ts";
import { createLocalVerifier } from "./verify.ts";

async function baseOptions(): Promise<IssueOrganizationTokenOptions> {
  const key = await testKey();
  return {
    privateKey: key.privateJwk,
    kid: key.kid,
    issuer: ISSUER,
    subject: "user_alice",
    organizationId: "org_a",
    scopes: ["read:member", "remove:member"],
    clientId: "app_console",
    ttlSeconds: 900,
    now: NOW_MS,
  };
}

describe("issueOrganizationToken", () => {
  it("signs exactly the documented claims and header", async () => {
    const options = await baseOptions();
    const { token, claims } = await issueOrganizationToken(options);
    expect(decodeProtectedHeader(token)).toEqual({ alg: "ES256", kid: options.kid, typ: "at+jwt" });
    const payload = decodeJwt(token);
    expect(Object.keys(payload).sort()).toEqual(
      ["iss", "sub", "aud", "organization_id", "scope", "client_id", "iat", "exp", "jti"].sort(),
    );
    expect(payload).toMatchObject({
      iss: ISSUER,
      sub: "user_alice",
      aud: "urn:guildhall:organization:org_a",
      organization_id: "org_a",
      scope: "read:member remove:member",
      client_id: "app_console",
      iat: NOW_S,
      exp: NOW_S + 900,
    });
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(claims).toEqual({ ...payload, scopes: ["read:member", "remove:member"] });
  });

  it("with audience, signs a token for one API in the organization", async () => {
    const { token, claims } = await issueOrganizationToken({
      ...(await baseOptions()),
      audience: "https://api.example.com",
      scopes: ["read:invoice"],
    });
    expect(decodeJwt(token)).toMatchObject({
      aud: "https://api.example.com",
      organization_id: "org_a",
      scope: "read:invoice",
    });
    expect(claims.aud).toBe("https://api.example.com");
  });

  it("takes now as a Date, jti, membershipVersion and extra claims", async () => {
    const { token } = await issueOrganizationToken({
      ...(await baseOptions()),
      now: new Date(NOW_MS + 1_500),
      jti: "fixed",
      membershipVersion: "12",
      extraClaims: { plan: "pro" },
    });
    expect(decodeJwt(token)).toMatchObject({
      iat: NOW_S + 1,
      jti: "fixed",
      mv: "12",
      plan: "pro",
    });
  });

  it("M2M: the subject is the client id, scope may be empty, duplicates collapse", async () => {
    const { claims } = await issueOrganizationToken({
      ...(await baseOptions()),
      subject: "m2m_app",
      clientId: "m2m_app",
      scopes: [],
    });
    expect(claims.sub).toBe("m2m_app");
    expect(claims.scope).toBe("");
    const dup = await issueOrganizationToken({
      ...(await baseOptions()),
      scopes: ["a:b", "a:b", "c:d"],
    });
    expect(dup.claims.scope).toBe("a:b c:d");
  });

  it("accepts a KeyObject and a CryptoKey as the private key", async () => {
    const key = await testKey();
    const verifier = createLocalVerifier({ issuer: ISSUER, keys: [key.publicJwk], now: frozenNow });
    const keyObject = createPrivateKey({ key: key.privateJwk as JsonWebKey, format: "jwk" });
    const cryptoKey = (await importJWK(key.privateJwk, "ES256")) as CryptoKey;
    for (const privateKey of [keyObject, cryptoKey]) {
      const { token } = await issueOrganizationToken({ ...(await baseOptions()), privateKey });
      await expect(verifier.verify(token)).resolves.toMatchObject({ sub: "user_alice" });
    }
  });

  // JWKs and KeyObjects are signed with node:crypto, CryptoKeys by jose (Web Crypto): both must
  // produce the same header and claims, and signatures jose itself accepts.
  it.each(["ES256", "ES384", "EdDSA", "RS256", "PS256"] as const)(
    "signs %s the same through node:crypto and jose",
    async (alg) => {
      const key = await generateSigningKey(alg);
      const options = { ...(await baseOptions()), alg, kid: key.kid, jti: "fixed-jti" };
      const viaNode = await issueOrganizationToken({ ...options, privateKey: key.privateJwk });
      const viaJose = await issueOrganizationToken({
        ...options,
        privateKey: (await importJWK(key.privateJwk, alg)) as CryptoKey,
      });
      expect(decodeProtectedHeader(viaNode.token)).toEqual(decodeProtectedHeader(viaJose.token));
      expect(decodeJwt(viaNode.token)).toEqual(decodeJwt(viaJose.token));
      const publicKey = await importJWK(key.publicJwk, alg);
      for (const { token } of [viaNode, viaJose]) {
        await expect(
          jwtVerify(token, publicKey, { currentDate: new Date(NOW_MS) }),
        ).resolves.toMatchObject({ payload: { sub: "user_alice" } });
      }
    },
  );

  it("refuses a key of another type or curve than alg needs", async () => {
    const p256 = await testKey();
    const p384 = await generateSigningKey("ES384");
    await expect(
      issueOrganizationToken({ ...(await baseOptions()), alg: "ES384" }),
    ).rejects.toThrow(/does not fit/);
    await expect(
      issueOrganizationToken({
        ...(await baseOptions()),
        privateKey: p384.privateJwk,
        alg: "ES256",
      }),
    ).rejects.toThrow(/does not fit/);
    const keyObject = createPrivateKey({ key: p256.privateJwk as JsonWebKey, format: "jwk" });
    await expect(
      issueOrganizationToken({ ...(await baseOptions()), privateKey: keyObject, alg: "EdDSA" }),
    ).rejects.toThrow(/does not fit/);
  });

  it("leaves the caller's JWK object unfrozen", async () => {
    const options = await baseOptions();
    const jwk = { ...options.privateKey };
    await issueOrganizationToken({ ...options, privateKey: jwk });
    expect(Object.isFrozen(jwk)).toBe(false);
  });

  it.each([
    ["an empty organizationId", { organizationId: "" }, /organizationId/],
    ["an empty subject", { subject: "" }, /subject/],
    ["an empty issuer", { issuer: "" }, /issuer/],
    ["an empty clientId", { clientId: "" }, /clientId/],
    ["an empty kid", { kid: "" }, /kid/],
    ["an empty audience", { audience: "" }, /audience/],
    ["a permission with a space", { scopes: ["read member"] }, /permission/],
    ["an empty permission", { scopes: [""] }, /permission/],
    ["a zero TTL", { ttlSeconds: 0 }, /ttlSeconds/],
    ["a fractional TTL", { ttlSeconds: 1.5 }, /ttlSeconds/],
    ["an invalid Date", { now: new Date("nope") }, /now/],
    ["a reserved extra claim", { extraClaims: { aud: "x" } }, /reserved/],
    ["mv as an extra claim", { extraClaims: { mv: "1" } }, /reserved/],
    ["a non-numeric membershipVersion", { membershipVersion: "12a" }, /membershipVersion/],
    ["an unsupported alg", { alg: "HS256" as "ES256" }, /alg/],
  ] as const)("rejects %s", async (_name, override, message) => {
    await expect(issueOrganizationToken({ ...(await baseOptions()), ...override })).rejects.toThrow(
      message,
    );
  });

  it("rejects a public JWK and a key that does not fit alg", async () => {
    const key = await testKey();
    await expect(
      issueOrganizationToken({ ...(await baseOptions()), privateKey: key.publicJwk }),
    ).rejects.toThrow(/private/);
    await expect(
      issueOrganizationToken({ ...(await baseOptions()), alg: "RS256" }),
    ).rejects.toThrow();
  });
});

describe("generateSigningKey", () => {
  it.each(ORGANIZATION_TOKEN_ALGORITHMS)(
    "%s: kid is the RFC 7638 thumbprint, JWKs carry kid/alg/use",
    async (alg) => {
      const key = await generateSigningKey(alg);
      expect(key.alg).toBe(alg);
      expect(key.kid).toBe(await calculateJwkThumbprint(key.publicJwk, "sha256"));
      expect(key.publicJwk).toMatchObject({ kid: key.kid, alg, use: "sig" });
      expect(key.privateJwk).toMatchObject({ kid: key.kid, alg, use: "sig" });
      expect(key.publicJwk.d).toBeUndefined();
      expect(typeof key.privateJwk.d).toBe("string");
    },
  );

  it("defaults to ES256", async () => {
    const key = await generateSigningKey();
    expect(key.publicJwk).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256" });
  });
});
