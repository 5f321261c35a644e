import { describe, expect, it } from "vitest";
import {
  b64,
  frozenNow,
  ISSUER,
  issueTestToken,
  NOW_MS,
  signRaw,
  standardPayload,
  testKey,
} from "../test/fixtures.ts";
import { ORGANIZATION_TOKEN_ERROR_CODES, OrganizationTokenError } from "./errors.ts";
import {
  createLocalVerifier,
  type OrganizationTokenVerifier,
  type VerifyOrganizationTokenOptions,
} from "./verify.ts";

describe("jose fallback gives the same results as the node fast path", () => {
  it("agrees on a corpus of good, tampered and forged tokens", async () => {
    const es256 = await testKey("ES256");
    const rs = await testKey("RS256");
    const ed = await testKey("EdDSA");
    const ps = await testKey("PS256");
    const es384 = await testKey("ES384");
    const keys = [es256, rs, ed, ps, es384].map((k) => k.publicJwk);
    const make = (engine: "node" | "jose") =>
      createLocalVerifier({ issuer: ISSUER, keys, now: frozenNow, engine });
    const node = make("node");
    const jose = make("jose");

    const tokens: string[] = [];
    for (const key of [es256, rs, ed, ps, es384]) {
      const good = await issueTestToken(key);
      const [h, p, s = ""] = good.split(".");
      tokens.push(
        good,
        `${h}.${p}.${s.slice(0, 10)}${s[10] === "A" ? "B" : "A"}${s.slice(11)}`, // flipped signature bit
        `${h}.${b64(standardPayload({ sub: "mallory" }))}.${s}`, // swapped payload
        await issueTestToken(key, { now: NOW_MS - 7200_000 }),
        await issueTestToken(key, { now: NOW_MS + 600_000 }),
        await issueTestToken(key, { issuer: "https://other" }),
        await signRaw(key, { kid: key.kid, typ: "at+jwt" }, standardPayload({ aud: "x" })),
        await signRaw(key, { kid: key.kid, typ: "JWT" }, standardPayload()),
        await signRaw(key, { kid: key.kid, typ: "at+jwt" }, standardPayload({ exp: undefined })),
        await issueTestToken(key, { scopes: [] }),
      );
    }
    tokens.push(
      await signRaw(es384, { kid: es256.kid, typ: "at+jwt" }, standardPayload()),
      await issueTestToken(await testKey("ES256", "unpublished")),
      "a.b.c",
      "",
    );
    const checks: (VerifyOrganizationTokenOptions | undefined)[] = [
      undefined,
      { organizationId: "org_a", requiredScopes: ["remove:member"] },
      { organizationId: "org_b" },
      { requiredScopes: ["nope"] },
    ];
    const outcome = async (
      verifier: OrganizationTokenVerifier,
      token: string,
      c: VerifyOrganizationTokenOptions | undefined,
    ) =>
      verifier.verify(token, c).then(
        (claims) => ({ ok: claims }),
        (error: unknown) => ({
          code: error instanceof OrganizationTokenError ? error.code : String(error),
        }),
      );
    const codes = new Set<string>();
    for (const token of tokens) {
      for (const c of checks) {
        const a = await outcome(node, token, c);
        const b = await outcome(jose, token, c);
        expect(b, token).toEqual(a);
        codes.add("code" in a ? a.code : "ok");
      }
    }
    // The corpus reaches every outcome of the signature and claims checks; the freshness
    // codes come from the opt-in monitor, not from the engine (freshness.test.ts).
    const engineCodes = ORGANIZATION_TOKEN_ERROR_CODES.filter(
      (code) => code !== "token_stale" && code !== "freshness_unavailable",
    );
    expect([...codes].sort()).toEqual([...engineCodes, "ok"].sort());
  });
});
