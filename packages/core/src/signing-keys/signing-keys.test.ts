import {
  createHash,
  createPrivateKey,
  createPublicKey,
  sign,
  verify,
  type JsonWebKey,
} from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { expectDomainError, TEST_INSTANCE_SECRET, useTestDatabase } from "../test-utils.ts";
import {
  ensureSigningKey,
  getPublishedSigningKeys,
  listSigningKeys,
  loadSigningKeys,
  rotateSigningKey,
} from "./signing-keys.ts";

const t = useTestDatabase();
const secret = TEST_INSTANCE_SECRET;
const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "k"];

// Every test starts from an instance without keys: the signing keys are instance-wide rows.
beforeEach(async () => {
  await t.db().signingKey.deleteMany();
});

/** RFC 7638 thumbprint of an EC public key, computed independently of the code under test. */
function thumbprint(jwk: JsonWebKey) {
  return createHash("sha256")
    .update(JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }))
    .digest("base64url");
}

const seconds = (at: Date, s: number) => new Date(at.getTime() + s * 1000);

describe("first signing key", () => {
  it("is generated once, even when several processes start together: ES256, kid = thumbprint", async () => {
    await Promise.all([1, 2, 3, 4].map(() => ensureSigningKey(t.db(), { secret })));
    await ensureSigningKey(t.db(), { secret });
    const rows = await t.db().signingKey.findMany();
    expect(rows).toHaveLength(1);
    const [row] = rows as [(typeof rows)[number]];
    const publicJwk = row.publicJwk as JsonWebKey & { kid: string };
    expect(row).toMatchObject({
      alg: "ES256",
      activatesAt: new Date(0),
      retiredAt: null,
      expiresAt: null,
    });
    expect(publicJwk).toMatchObject({
      kty: "EC",
      crv: "P-256",
      alg: "ES256",
      use: "sig",
      kid: row.id,
    });
    expect(row.id).toBe(thumbprint(publicJwk));
  });

  it("is sealed under the instance secret: the row holds no key material in clear, another secret cannot open it", async () => {
    await ensureSigningKey(t.db(), { secret });
    const row = await t.db().signingKey.findFirstOrThrow();
    const [privateJwk] = await loadSigningKeys(t.db(), { secret });
    expect(privateJwk?.d).toEqual(expect.any(String));
    expect(row.privateKeyEncrypted).toMatch(/^v1\./);
    expect(row.privateKeyEncrypted).not.toContain(privateJwk?.d);
    expect(JSON.stringify(row.publicJwk)).not.toContain(privateJwk?.d);
    await expect(
      loadSigningKeys(t.db(), { secret: "another-instance-secret-0123456789" }),
    ).rejects.toThrow();
  });

  it("signs what the published JWKS verifies, and the JWKS carries no private part", async () => {
    await ensureSigningKey(t.db(), { secret });
    const [privateJwk] = await loadSigningKeys(t.db(), { secret });
    const published = await getPublishedSigningKeys(t.db());
    expect(published).toHaveLength(1);
    const [publicJwk] = published as [JsonWebKey & { kid: string }];
    for (const member of PRIVATE_MEMBERS) expect(publicJwk).not.toHaveProperty(member);
    expect(publicJwk.kid).toBe(privateJwk?.kid);

    const data = Buffer.from("header.payload");
    const signature = sign("sha256", data, {
      key: createPrivateKey({ key: privateJwk as JsonWebKey, format: "jwk" }),
      dsaEncoding: "ieee-p1363",
    });
    const publicKey = createPublicKey({ key: publicJwk, format: "jwk" });
    expect(verify("sha256", data, { key: publicKey, dsaEncoding: "ieee-p1363" }, signature)).toBe(
      true,
    );
  });
});

describe("rotation", () => {
  it("signs with the new key at once, and keeps the old one published until the tokens it signed have expired", async () => {
    await ensureSigningKey(t.db(), { secret });
    const [old] = await getPublishedSigningKeys(t.db());
    const at = new Date();
    const ctx = t.ctx({ now: () => at });

    const { kid } = await rotateSigningKey(ctx, { secret, maxTokenTtlSeconds: 3600 });
    expect(kid).not.toBe(old?.kid);

    // The new key signs (it comes first); the old one still verifies the tokens it signed.
    expect((await loadSigningKeys(t.db(), { secret, now: at })).map((k) => k.kid)).toEqual([
      kid,
      old?.kid,
    ]);
    expect((await getPublishedSigningKeys(t.db(), { now: at })).map((k) => k.kid)).toEqual([
      kid,
      old?.kid,
    ]);
    expect((await listSigningKeys(ctx)).map((k) => [k.kid, k.isCurrent])).toEqual([
      [kid, true],
      [old?.kid, false],
    ]);
    const oldRow = await t.db().signingKey.findUniqueOrThrow({ where: { id: old?.kid } });
    expect(oldRow).toMatchObject({ retiredAt: at, expiresAt: seconds(at, 3600) });

    // Once every token the old key signed has expired, it leaves the JWKS.
    const gone = seconds(at, 3601);
    expect((await getPublishedSigningKeys(t.db(), { now: gone })).map((k) => k.kid)).toEqual([kid]);
    expect((await loadSigningKeys(t.db(), { secret, now: gone })).map((k) => k.kid)).toEqual([kid]);
    expect(
      (await listSigningKeys(t.ctx({ now: () => gone }))).map((k) => [k.kid, k.isCurrent]),
    ).toEqual([
      [kid, true],
      [old?.kid, false],
    ]);

    expect(
      await t.db().auditLog.findFirst({ where: { action: "signing_key.rotated", targetId: kid } }),
    ).toMatchObject({
      targetType: "signing_key",
      actorId: "test-admin",
    });
  });

  it("publishes a key rotated with publishFor before its activation, and keeps signing with the old one until then", async () => {
    await ensureSigningKey(t.db(), { secret });
    const [old] = await getPublishedSigningKeys(t.db());
    const at = new Date();
    const { kid } = await rotateSigningKey(t.ctx({ now: () => at }), {
      secret,
      publishForSeconds: 60,
      maxTokenTtlSeconds: 3600,
    });
    expect((await getPublishedSigningKeys(t.db(), { now: at })).map((k) => k.kid)).toEqual([
      kid,
      old?.kid,
    ]);
    expect(await t.db().signingKey.findUniqueOrThrow({ where: { id: kid } })).toMatchObject({
      activatesAt: seconds(at, 60),
      retiredAt: null,
    });
    expect(await t.db().signingKey.findUniqueOrThrow({ where: { id: old?.kid } })).toMatchObject({
      retiredAt: seconds(at, 60),
      expiresAt: seconds(at, 3660),
    });
    // Until it activates, the old key still signs (the new one is only published).
    const during = seconds(at, 30);
    expect((await loadSigningKeys(t.db(), { secret, now: during })).map((k) => k.kid)).toEqual([
      old?.kid,
      kid,
    ]);
    expect(
      (await listSigningKeys(t.ctx({ now: () => during }))).map((k) => [k.kid, k.isCurrent]),
    ).toEqual([
      [kid, false],
      [old?.kid, true],
    ]);
    const later = seconds(at, 61);
    expect((await loadSigningKeys(t.db(), { secret, now: later })).map((k) => k.kid)).toEqual([
      kid,
      old?.kid,
    ]);
    expect(
      (await getPublishedSigningKeys(t.db(), { now: seconds(at, 3661) })).map((k) => k.kid),
    ).toEqual([kid]);
  });

  it("lists keys without key material, and only console admins and the Management API may list or rotate", async () => {
    await ensureSigningKey(t.db(), { secret });
    const listed = await listSigningKeys(t.ctx());
    expect(Object.keys(listed[0] ?? {}).sort()).toEqual([
      "activatesAt",
      "alg",
      "createdAt",
      "expiresAt",
      "isCurrent",
      "kid",
      "retiredAt",
    ]);

    const collaborator = t.ctx({
      actor: { type: "console", userId: "collab", role: "collaborator" },
    });
    const endUser = t.ctx({ actor: { type: "user", userId: "someone" } });
    for (const ctx of [collaborator, endUser]) {
      await expectDomainError(listSigningKeys(ctx), "auth.forbidden");
      await expectDomainError(rotateSigningKey(ctx, { secret }), "auth.forbidden");
    }
    expect(await t.db().signingKey.count()).toBe(1);
    const { kid } = await rotateSigningKey(
      t.ctx({ actor: { type: "management_api", clientId: "m2m" } }),
      { secret },
    );
    expect((await loadSigningKeys(t.db(), { secret }))[0]?.kid).toBe(kid);
  });
});
