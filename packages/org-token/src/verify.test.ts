import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  b64,
  frozenNow,
  ISSUER,
  issueTestToken,
  NOW_MS,
  NOW_S,
  signRaw,
  standardPayload,
  testKey,
} from "../test/fixtures.ts";
import { ORGANIZATION_TOKEN_ALGORITHMS, type OrganizationTokenClaims } from "./claims.ts";
import {
  ORGANIZATION_TOKEN_ERROR_CODES,
  OrganizationTokenError,
  type OrganizationTokenErrorCode,
} from "./errors.ts";
import {
  createLocalVerifier,
  type OrganizationTokenVerifier,
  type VerifyOrganizationTokenOptions,
} from "./verify.ts";

const engines = ["node", "jose"] as const;

async function codeOf(promise: Promise<unknown>): Promise<OrganizationTokenErrorCode | "ok"> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    if (error instanceof OrganizationTokenError) return error.code;
    throw error;
  }
}

async function verifierFor(
  engine: "node" | "jose",
  extra: Partial<Parameters<typeof createLocalVerifier>[0]> = {},
) {
  const es256 = await testKey("ES256");
  const rsa = await testKey("RS256");
  return createLocalVerifier({
    issuer: ISSUER,
    keys: [es256.publicJwk, rsa.publicJwk],
    now: frozenNow,
    engine,
    ...extra,
  });
}

describe.each(engines)("verify (%s engine)", (engine) => {
  it("uses the requested engine", async () => {
    expect((await verifierFor(engine)).engine).toBe(engine);
  });

  it("round-trips an issued token with typed claims", async () => {
    const key = await testKey("ES256");
    const verifier = await verifierFor(engine);
    const token = await issueTestToken(key, {
      membershipVersion: "7",
      extraClaims: { plan: "pro" },
    });
    const claims: OrganizationTokenClaims = await verifier.verify(token, {
      organizationId: "org_a",
      requiredScopes: ["remove:member"],
    });
    expect(claims).toEqual({
      iss: ISSUER,
      sub: "user_alice",
      aud: "urn:guildhall:organization:org_a",
      organization_id: "org_a",
      scope: "read:member remove:member",
      scopes: ["read:member", "remove:member"],
      client_id: "app_console",
      iat: NOW_S,
      exp: NOW_S + 3600,
      jti: "jti-1",
      mv: "7",
      plan: "pro",
    });
  });

  it.each(ORGANIZATION_TOKEN_ALGORITHMS)("verifies %s", async (alg) => {
    const key = await testKey(alg);
    const verifier = createLocalVerifier({
      issuer: ISSUER,
      keys: [key.publicJwk],
      now: frozenNow,
      engine,
    });
    const token = await issueTestToken(key);
    await expect(verifier.verify(token)).resolves.toMatchObject({ organization_id: "org_a" });
  });

  it("accepts an empty scope and checks no permission by default", async () => {
    const key = await testKey("ES256");
    const verifier = await verifierFor(engine);
    const claims = await verifier.verify(await issueTestToken(key, { scopes: [] }));
    expect(claims.scope).toBe("");
    expect(claims.scopes).toEqual([]);
    expect(
      await codeOf(
        verifier.verify(await issueTestToken(key, { scopes: [] }), {
          requiredScopes: ["read:member"],
        }),
      ),
    ).toBe("insufficient_scope");
  });

  describe("each error code", () => {
    const cases: Record<
      OrganizationTokenErrorCode,
      () => Promise<{
        token: string;
        checks?: VerifyOrganizationTokenOptions;
        verifier?: OrganizationTokenVerifier;
      }>
    > = {
      expired: async () => ({
        token: await issueTestToken(await testKey(), { now: NOW_MS - 3600_000 - 10_000 }),
      }),
      not_yet_valid: async () => ({
        token: await issueTestToken(await testKey(), { now: NOW_MS + 60_000 }),
      }),
      bad_signature: async () => {
        const token = await issueTestToken(await testKey());
        const other = await issueTestToken(await testKey(), { subject: "user_mallory" });
        // Alice's header and signature, Mallory's claims.
        const [h, , s] = token.split(".");
        const [, p] = other.split(".");
        return { token: `${h}.${p}.${s}` };
      },
      unknown_key: async () => ({
        token: await issueTestToken(await testKey("ES256", "unpublished")),
      }),
      wrong_issuer: async () => ({
        token: await issueTestToken(await testKey(), { issuer: "https://evil.example.com" }),
      }),
      wrong_audience: async () => ({
        token: await signRaw(
          await testKey(),
          { kid: (await testKey()).kid, typ: "at+jwt" },
          standardPayload({ aud: "urn:guildhall:organization:org_b" }),
        ),
      }),
      wrong_organization: async () => ({
        token: await issueTestToken(await testKey()),
        checks: { organizationId: "org_b" },
      }),
      insufficient_scope: async () => ({
        token: await issueTestToken(await testKey()),
        checks: { requiredScopes: ["delete:organization"] },
      }),
      malformed: async () => ({ token: "not.a.jwt" }),
      // The verifier's side of freshness (the monitor itself: freshness.test.ts): whatever
      // the check throws is what verify throws, after every other check passed.
      token_stale: async () => ({
        token: await issueTestToken(await testKey(), { membershipVersion: "3" }),
        verifier: await verifierFor(engine, {
          freshness: {
            check: (claims) => {
              if (BigInt(claims.mv ?? "0") < 4n)
                throw new OrganizationTokenError("token_stale", "roles changed at version 4");
            },
          },
        }),
      }),
      freshness_unavailable: async () => ({
        token: await issueTestToken(await testKey()),
        verifier: await verifierFor(engine, {
          freshness: {
            check: () => {
              throw new OrganizationTokenError("freshness_unavailable", "stream silent");
            },
          },
        }),
      }),
    };

    it("covers the whole union", () => {
      expect(Object.keys(cases).sort()).toEqual([...ORGANIZATION_TOKEN_ERROR_CODES].sort());
    });

    it.each(ORGANIZATION_TOKEN_ERROR_CODES)("%s", async (code) => {
      const { token, checks, verifier } = await cases[code]();
      const error = await (verifier ?? (await verifierFor(engine))).verify(token, checks).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(OrganizationTokenError);
      expect((error as OrganizationTokenError).code).toBe(code);
      expect((error as OrganizationTokenError).status).toBe(
        code === "wrong_organization" || code === "insufficient_scope"
          ? 403
          : code === "freshness_unavailable"
            ? 503
            : 401,
      );
    });

    it("names the missing permissions", async () => {
      const verifier = await verifierFor(engine);
      const token = await issueTestToken(await testKey());
      const error = (await verifier
        .verify(token, { requiredScopes: ["read:member", "x:y", "z:w"] })
        .catch((e: unknown) => e)) as OrganizationTokenError;
      expect(error.code).toBe("insufficient_scope");
      expect(error.missingScopes).toEqual(["x:y", "z:w"]);
    });
  });

  describe("payload cache", () => {
    it("returns a fresh claims object per call", async () => {
      const verifier = await verifierFor(engine);
      const token = await issueTestToken(await testKey());
      const first = await verifier.verify(token);
      first.scopes.push("forged:permission");
      (first as { sub: string }).sub = "user_mallory";
      const second = await verifier.verify(token);
      expect(second).not.toBe(first);
      expect(second.sub).toBe("user_alice");
      expect(second.scopes).toEqual(["read:member", "remove:member"]);
    });

    it("still checks signature, clock, organization and scopes on every call", async () => {
      const key = await testKey();
      let t = NOW_MS;
      const verifier = createLocalVerifier({
        issuer: ISSUER,
        keys: [key.publicJwk],
        now: () => t,
        clockTolerance: 0,
        engine,
      });
      const token = await issueTestToken(key, { ttlSeconds: 60 });
      expect(await codeOf(verifier.verify(token))).toBe("ok");
      const [h, p, s = ""] = token.split(".");
      const forged = `${h}.${p}.${s.slice(0, 20)}${s[20] === "A" ? "B" : "A"}${s.slice(21)}`;
      expect(await codeOf(verifier.verify(forged))).toBe("bad_signature");
      expect(await codeOf(verifier.verify(token, { organizationId: "org_b" }))).toBe(
        "wrong_organization",
      );
      expect(await codeOf(verifier.verify(token, { requiredScopes: ["x:y"] }))).toBe(
        "insufficient_scope",
      );
      t += 60_000;
      expect(await codeOf(verifier.verify(token))).toBe("expired");
    });

    it("can be turned off and stays bounded", async () => {
      const key = await testKey();
      expect(() => createLocalVerifier({ issuer: ISSUER, keys: [], payloadCacheSize: -1 })).toThrow(
        /payloadCacheSize/,
      );
      for (const payloadCacheSize of [0, 2]) {
        const verifier = createLocalVerifier({
          issuer: ISSUER,
          keys: [key.publicJwk],
          now: frozenNow,
          engine,
          payloadCacheSize,
        });
        for (let i = 0; i < 5; i++) {
          const claims = await verifier.verify(await issueTestToken(key, { jti: `jti-${i}` }));
          expect(claims.jti).toBe(`jti-${i}`);
        }
      }
    });
  });

  it("rejects a token whose characters were swapped for non-ASCII look-alike bytes", async () => {
    const verifier = await verifierFor(engine);
    const token = await issueTestToken(await testKey());
    const dot = token.indexOf(".");
    // U+0141 encodes to 0x41 ("A") in latin1: it must not pass as "A".
    const index = token.indexOf("A", dot + 1);
    expect(index).toBeGreaterThan(dot);
    const sneaky = `${token.slice(0, index)}\u0141${token.slice(index + 1)}`;
    // The signed bytes differ, so the signature fails (rather than the payload decoding to junk).
    expect(await codeOf(verifier.verify(sneaky))).toBe("bad_signature");
  });

  describe("clock (frozen with `now`)", () => {
    it("accepts a token until exp, within the tolerance, and not after", async () => {
      const key = await testKey();
      const token = await issueTestToken(key, { ttlSeconds: 60 }); // exp = NOW_S + 60
      const at = (ms: number, clockTolerance = 0) =>
        createLocalVerifier({
          issuer: ISSUER,
          keys: [key.publicJwk],
          now: () => ms,
          clockTolerance,
          engine,
        });
      expect(await codeOf(at(NOW_MS + 59_999).verify(token))).toBe("ok");
      expect(await codeOf(at(NOW_MS + 60_000).verify(token))).toBe("expired");
      expect(await codeOf(at(NOW_MS + 64_000, 5).verify(token))).toBe("ok");
      expect(await codeOf(at(NOW_MS + 65_000, 5).verify(token))).toBe("expired");
    });

    it("rejects iat and nbf in the future beyond the tolerance (default 5 s)", async () => {
      const key = await testKey();
      const verifier = createLocalVerifier({
        issuer: ISSUER,
        keys: [key.publicJwk],
        now: frozenNow,
        engine,
      });
      expect(
        await codeOf(verifier.verify(await issueTestToken(key, { now: NOW_MS + 5_000 }))),
      ).toBe("ok");
      expect(
        await codeOf(verifier.verify(await issueTestToken(key, { now: NOW_MS + 6_000 }))),
      ).toBe("not_yet_valid");
      const nbf = await signRaw(
        key,
        { kid: key.kid, typ: "at+jwt" },
        standardPayload({ nbf: NOW_S + 30 }),
      );
      expect(await codeOf(verifier.verify(nbf))).toBe("not_yet_valid");
    });
  });

  describe("malformed tokens", () => {
    const cases: [string, () => Promise<string>][] = [
      ["empty string", async () => ""],
      ["two segments", async () => `${b64({ alg: "ES256" })}.${b64(standardPayload())}`],
      ["four segments", async () => `${await issueTestToken(await testKey())}.AAAA`],
      ["header not JSON", async () => `${b64("nope")}.${b64(standardPayload())}.AAAA`],
      ["header not base64url", async () => `e*J.${b64(standardPayload())}.AAAA`],
      ["header is an array", async () => `${b64([1])}.${b64(standardPayload())}.AAAA`],
      [
        'alg "none"',
        async () =>
          `${b64({ alg: "none", typ: "at+jwt", kid: (await testKey()).kid })}.${b64(standardPayload())}.`,
      ],
      [
        'alg "none" with a signature',
        async () =>
          `${b64({ alg: "none", typ: "at+jwt", kid: (await testKey()).kid })}.${b64(standardPayload())}.AAAA`,
      ],
      [
        "unsupported alg ES512",
        async () =>
          `${b64({ alg: "ES512", typ: "at+jwt", kid: (await testKey()).kid })}.${b64(standardPayload())}.AAAA`,
      ],
      [
        "no typ",
        async () => signRaw(await testKey(), { kid: (await testKey()).kid }, standardPayload()),
      ],
      [
        'typ "JWT"',
        async () =>
          signRaw(await testKey(), { kid: (await testKey()).kid, typ: "JWT" }, standardPayload()),
      ],
      ["no kid", async () => signRaw(await testKey(), { typ: "at+jwt" }, standardPayload())],
      [
        "crit header",
        async () =>
          signRaw(
            await testKey(),
            { kid: (await testKey()).kid, typ: "at+jwt", crit: ["exp"], exp: 1 },
            standardPayload(),
          ),
      ],
      [
        "payload not JSON",
        async () =>
          signRaw(await testKey(), { kid: (await testKey()).kid, typ: "at+jwt" }, "hello"),
      ],
      [
        "payload an array",
        async () =>
          signRaw(await testKey(), { kid: (await testKey()).kid, typ: "at+jwt" }, "[1,2]"),
      ],
      ...(
        ["iss", "sub", "aud", "organization_id", "scope", "client_id", "iat", "exp", "jti"] as const
      ).map((claim): [string, () => Promise<string>] => [
        `missing ${claim}`,
        async () =>
          signRaw(
            await testKey(),
            { kid: (await testKey()).kid, typ: "at+jwt" },
            standardPayload({ [claim]: undefined }),
          ),
      ]),
      [
        "exp as a string",
        async () =>
          signRaw(
            await testKey(),
            { kid: (await testKey()).kid, typ: "at+jwt" },
            standardPayload({ exp: String(NOW_S + 60) }),
          ),
      ],
      [
        "scope as an array",
        async () =>
          signRaw(
            await testKey(),
            { kid: (await testKey()).kid, typ: "at+jwt" },
            standardPayload({ scope: ["a"] }),
          ),
      ],
      [
        "mv as a number",
        async () =>
          signRaw(
            await testKey(),
            { kid: (await testKey()).kid, typ: "at+jwt" },
            standardPayload({ mv: 3 }),
          ),
      ],
      [
        "token longer than 16 KiB",
        async () => `${b64({ alg: "ES256" })}.${"A".repeat(17_000)}.AAAA`,
      ],
    ];
    it.each(cases)("%s", async (_name, make) => {
      const verifier = await verifierFor(engine);
      expect(await codeOf(verifier.verify(await make()))).toBe("malformed");
    });

    it("treats a non-string token as malformed", async () => {
      const verifier = await verifierFor(engine);
      expect(await codeOf(verifier.verify(undefined as unknown as string))).toBe("malformed");
    });

    it('accepts typ "application/at+jwt" (RFC 9068), case-insensitively', async () => {
      const key = await testKey();
      const verifier = await verifierFor(engine);
      const token = await signRaw(
        key,
        { kid: key.kid, typ: "Application/AT+JWT" },
        standardPayload(),
      );
      expect(await codeOf(verifier.verify(token))).toBe("ok");
    });
  });

  describe("audience", () => {
    it.each([
      ["another organization's aud", "urn:guildhall:organization:org_b"],
      ["a resource aud", "https://api.example.com"],
      ["an array aud", ["urn:guildhall:organization:org_a"]],
    ])("rejects %s", async (_name, aud) => {
      const key = await testKey();
      const verifier = await verifierFor(engine);
      const token = await signRaw(key, { kid: key.kid, typ: "at+jwt" }, standardPayload({ aud }));
      expect(await codeOf(verifier.verify(token))).toBe("wrong_audience");
    });
  });

  describe("tokens for one API in an organization (audience option)", () => {
    const API = "https://api.example.com";

    it("verifies aud = the configured resource indicator with the organization_id claim", async () => {
      const key = await testKey("ES256");
      const verifier = await verifierFor(engine, { audience: API });
      const token = await issueTestToken(key, { audience: API, scopes: ["read:invoice"] });
      const claims = await verifier.verify(token, {
        organizationId: "org_a",
        requiredScopes: ["read:invoice"],
      });
      expect(claims).toMatchObject({
        aud: API,
        organization_id: "org_a",
        scope: "read:invoice",
        scopes: ["read:invoice"],
      });
      // The per-call checks still apply, from the cached payload too.
      expect(await codeOf(verifier.verify(token, { organizationId: "org_b" }))).toBe(
        "wrong_organization",
      );
      expect(await codeOf(verifier.verify(token, { requiredScopes: ["write:invoice"] }))).toBe(
        "insufficient_scope",
      );
    });

    it("rejects the organization's own token, another API's, and a token without organization_id", async () => {
      const key = await testKey("ES256");
      const verifier = await verifierFor(engine, { audience: API });
      expect(await codeOf(verifier.verify(await issueTestToken(key)))).toBe("wrong_audience");
      expect(
        await codeOf(
          verifier.verify(await issueTestToken(key, { audience: "https://other.example.com" })),
        ),
      ).toBe("wrong_audience");
      const noOrganization = standardPayload({ aud: API });
      delete noOrganization.organization_id;
      expect(
        await codeOf(
          verifier.verify(await signRaw(key, { kid: key.kid, typ: "at+jwt" }, noOrganization)),
        ),
      ).toBe("malformed");
      // ...and a verifier for organization tokens rejects a token for an API.
      const plain = await verifierFor(engine);
      expect(await codeOf(plain.verify(await issueTestToken(key, { audience: API })))).toBe(
        "wrong_audience",
      );
    });

    it("refuses an empty audience option", async () => {
      await expect(verifierFor(engine, { audience: "" })).rejects.toThrow(TypeError);
    });
  });

  describe("alg confusion", () => {
    it("rejects HS256 signed with the public key as the HMAC secret", async () => {
      const key = await testKey("RS256");
      const verifier = await verifierFor(engine);
      const header = b64({ alg: "HS256", typ: "at+jwt", kid: key.kid });
      const payload = b64(standardPayload());
      for (const secret of [JSON.stringify(key.publicJwk), key.publicJwk.n ?? ""]) {
        const mac = createHmac("sha256", secret).update(`${header}.${payload}`).digest("base64url");
        expect(await codeOf(verifier.verify(`${header}.${payload}.${mac}`))).toBe("malformed");
      }
    });

    it("rejects a token whose alg does not fit the key named by kid", async () => {
      const es256 = await testKey("ES256");
      const es384 = await testKey("ES384");
      const rsa = await testKey("RS256");
      const verifier = await verifierFor(engine);
      // ES384 signature presented as coming from the P-256 key.
      const a = await signRaw(es384, { kid: es256.kid, typ: "at+jwt" }, standardPayload());
      expect(await codeOf(verifier.verify(a))).toBe("bad_signature");
      // ES256 signature presented with an RSA kid.
      const b = await signRaw(es256, { kid: rsa.kid, typ: "at+jwt" }, standardPayload());
      expect(await codeOf(verifier.verify(b))).toBe("bad_signature");
    });

    it("honours the alg pinned in the JWK (PS256 token against an RS256 key)", async () => {
      const rsa = await testKey("RS256"); // publicJwk.alg === "RS256"
      const verifier = await verifierFor(engine);
      const ps = {
        ...rsa,
        alg: "PS256" as const,
        privateJwk: { ...rsa.privateJwk, alg: "PS256" as const },
      };
      const token = await signRaw(ps, { kid: rsa.kid, typ: "at+jwt" }, standardPayload());
      expect(await codeOf(verifier.verify(token))).toBe("bad_signature");
      // Without a pinned alg an RSA key may verify both RS256 and PS256.
      const { alg: _alg, ...unpinned } = rsa.publicJwk;
      const open = createLocalVerifier({
        issuer: ISSUER,
        keys: [unpinned],
        now: frozenNow,
        engine,
      });
      expect(await codeOf(open.verify(token))).toBe("ok");
    });

    it("refuses algorithms outside `algorithms`", async () => {
      const key = await testKey("RS256");
      const verifier = createLocalVerifier({
        issuer: ISSUER,
        keys: [key.publicJwk],
        now: frozenNow,
        engine,
        algorithms: ["ES256"],
      });
      expect(await codeOf(verifier.verify(await issueTestToken(key)))).toBe("malformed");
    });

    it("rejects non-canonical signature encodings", async () => {
      const verifier = await verifierFor(engine);
      const token = await issueTestToken(await testKey());
      const [h, p, s = ""] = token.split(".");
      const variants = [
        `${h}.${p}.${s}=`, // padding
        `${h}.${p}.${s.slice(0, -1)}`, // short
        `${h}.${p}.${s.replace(/-/g, "+").replace(/_/g, "/")}`, // base64, not base64url (if it has - or _)
        `${h}.${p}.${s.slice(0, -1)}${String.fromCharCode(s.charCodeAt(s.length - 1) + 1)}`, // trailing bits
      ].filter((variant) => variant !== token);
      for (const variant of variants) expect(await codeOf(verifier.verify(variant))).not.toBe("ok");
    });
  });
});
