import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import { isoBase64URL, isoCBOR } from "@simplewebauthn/server/helpers";
import { describe, expect, it } from "vitest";
import { flowOptions, STRONG_PASSWORD, testClock, userWithPassword } from "../accounts/test-kit.ts";
import { listMfaFactors } from "../mfa/list-mfa-factors.ts";
import {
  finishPasskeyRegistration,
  startPasskeyRegistration,
} from "../mfa/passkey-registration.ts";
import { selfCtx } from "../mfa/test-kit.ts";
import { expectDomainError, useTestDatabase } from "../test-utils.ts";
import { beginPasswordSignIn } from "./begin-password-sign-in.ts";
import { completeSignIn } from "./complete-sign-in.ts";
import {
  finishSignInPasskey,
  PASSKEY_STARTS_PER_MINUTE,
  startSignInPasskey,
} from "./sign-in-passkey.ts";

const t = useTestDatabase();

const RP = { rpId: "id.example.test", rpName: "Guildhall Test", origin: "https://id.example.test" };

const sha256 = (data: Uint8Array) => new Uint8Array(createHash("sha256").update(data).digest());
const b64 = (bytes: Uint8Array) => isoBase64URL.fromBuffer(new Uint8Array(bytes));
const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));
const u32 = (n: number) => {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n);
  return out;
};

// Authenticator data flags (WebAuthn §6.1): user present, user verified, attested data.
const UP = 0x01;
const UV = 0x04;
const AT = 0x40;

/**
 * A software authenticator: one P-256 key, "none" attestation, built byte by byte as the
 * WebAuthn spec lays it out, so the server's checks run on real structures.
 */
function softwareAuthenticator(userVerified = true) {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwk = publicKey.export({ format: "jwk" });
  const credentialId = new Uint8Array(randomBytes(32));
  let counter = 0;
  const flags = (base: number) => base | UP | (userVerified ? UV : 0);

  function clientData(type: string, challenge: string, origin: string) {
    return new TextEncoder().encode(
      JSON.stringify({ type, challenge, origin, crossOrigin: false }),
    );
  }

  return {
    id: b64(credentialId),
    /** What `startRegistration` returns for these creation options. */
    register(options: { challenge: string; rp: { id?: string } }, origin = RP.origin) {
      const cose = new Map<number, number | Uint8Array>([
        [1, 2], // kty: EC2
        [3, -7], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, new Uint8Array(Buffer.from(jwk.x ?? "", "base64url"))],
        [-3, new Uint8Array(Buffer.from(jwk.y ?? "", "base64url"))],
      ]);
      const idLength = new Uint8Array([credentialId.length >> 8, credentialId.length & 0xff]);
      const authData = concat(
        sha256(new TextEncoder().encode(options.rp.id ?? "")),
        new Uint8Array([flags(AT)]),
        u32(counter),
        new Uint8Array(16), // AAGUID: none
        idLength,
        credentialId,
        isoCBOR.encode(cose),
      );
      const attestationObject = isoCBOR.encode(
        new Map<string, string | Uint8Array | Map<string, string>>([
          ["fmt", "none"],
          ["attStmt", new Map<string, string>()],
          ["authData", authData],
        ]),
      );
      return {
        id: b64(credentialId),
        rawId: b64(credentialId),
        type: "public-key" as const,
        response: {
          clientDataJSON: b64(clientData("webauthn.create", options.challenge, origin)),
          attestationObject: b64(attestationObject),
          transports: ["internal"],
        },
        clientExtensionResults: {},
      };
    },
    /** What `startAuthentication` returns; `key` signs (another key forges). */
    authenticate(
      options: { challenge: string; rpId?: string },
      userId: string,
      { origin = RP.origin, key = privateKey }: { origin?: string; key?: KeyObject } = {},
    ) {
      counter += 1;
      const authData = concat(
        sha256(new TextEncoder().encode(options.rpId ?? "")),
        new Uint8Array([flags(0)]),
        u32(counter),
      );
      const clientDataJSON = clientData("webauthn.get", options.challenge, origin);
      const signature = sign("sha256", concat(authData, sha256(clientDataJSON)), key);
      return {
        id: b64(credentialId),
        rawId: b64(credentialId),
        type: "public-key" as const,
        response: {
          clientDataJSON: b64(clientDataJSON),
          authenticatorData: b64(authData),
          signature: b64(new Uint8Array(signature)),
          userHandle: b64(new TextEncoder().encode(userId)),
        },
        clientExtensionResults: {},
      };
    },
  };
}

async function userWithPasskey(userVerified = true) {
  const clock = testClock();
  const user = await userWithPassword(t.db());
  const opts = { ...flowOptions(clock), ...RP };
  const authenticator = softwareAuthenticator(userVerified);
  const ctx = selfCtx(t.db(), user.id);
  const started = await startPasskeyRegistration(ctx, { userId: user.id }, opts);
  const { factorId } = await finishPasskeyRegistration(
    ctx,
    {
      userId: user.id,
      challengeToken: started.challengeToken,
      response: authenticator.register(started.options),
      name: "Laptop",
    },
    opts,
  );
  return { clock, user, opts, authenticator, factorId };
}

describe("passkey registration", () => {
  it("stores a verified passkey and turns MFA on", async () => {
    const { user, factorId, authenticator } = await userWithPasskey();
    const row = await t.db().userMfaFactor.findUniqueOrThrow({ where: { id: factorId } });
    expect(row).toMatchObject({
      type: "webauthn",
      name: "Laptop",
      credentialId: authenticator.id,
      transports: ["internal"],
    });
    expect(row.confirmedAt).toBeInstanceOf(Date);
    const userRow = await t.db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(userRow.mfaEnabledAt).toBeInstanceOf(Date);
    const factors = await listMfaFactors(selfCtx(t.db(), user.id), { userId: user.id });
    expect(factors).toEqual([
      expect.objectContaining({ id: factorId, type: "webauthn", name: "Laptop" }),
    ]);
  });

  it("offers the user's id as bytes and excludes the passkeys they have", async () => {
    const { user, opts, authenticator } = await userWithPasskey();
    const { options } = await startPasskeyRegistration(
      selfCtx(t.db(), user.id),
      { userId: user.id },
      opts,
    );
    expect(options.rp).toEqual({ id: RP.rpId, name: RP.rpName });
    expect(Buffer.from(options.user.id, "base64url").toString()).toBe(user.id);
    expect(options.excludeCredentials?.map((c) => c.id)).toEqual([authenticator.id]);
  });

  it("refuses an answer from another origin, a used challenge and another user's challenge", async () => {
    const clock = testClock();
    const user = await userWithPassword(t.db());
    const other = await userWithPassword(t.db());
    const opts = { ...flowOptions(clock), ...RP };
    const ctx = selfCtx(t.db(), user.id);
    const authenticator = softwareAuthenticator();

    const phishing = await startPasskeyRegistration(ctx, { userId: user.id }, opts);
    await expectDomainError(
      finishPasskeyRegistration(
        ctx,
        {
          userId: user.id,
          challengeToken: phishing.challengeToken,
          response: authenticator.register(phishing.options, "https://evil.example"),
        },
        opts,
      ),
      "passkey.verification_failed",
    );
    // The challenge was used by that attempt.
    await expectDomainError(
      finishPasskeyRegistration(
        ctx,
        {
          userId: user.id,
          challengeToken: phishing.challengeToken,
          response: authenticator.register(phishing.options),
        },
        opts,
      ),
      "sign_in.challenge_invalid",
    );
    const theirs = await startPasskeyRegistration(
      selfCtx(t.db(), other.id),
      { userId: other.id },
      opts,
    );
    await expectDomainError(
      finishPasskeyRegistration(
        ctx,
        {
          userId: user.id,
          challengeToken: theirs.challengeToken,
          response: authenticator.register(theirs.options),
        },
        opts,
      ),
      "sign_in.challenge_invalid",
    );
    // Only the user themself adds a passkey.
    await expectDomainError(
      startPasskeyRegistration(ctx, { userId: other.id }, opts),
      "auth.forbidden",
    );
    expect(await t.db().userMfaFactor.count({ where: { userId: user.id } })).toBe(0);
  });

  it("refuses malformed responses as bad input", async () => {
    const { user, opts } = await userWithPasskey();
    const started = await startPasskeyRegistration(
      selfCtx(t.db(), user.id),
      { userId: user.id },
      opts,
    );
    await expectDomainError(
      finishPasskeyRegistration(
        selfCtx(t.db(), user.id),
        {
          userId: user.id,
          challengeToken: started.challengeToken,
          response: { id: "a b", rawId: "x", type: "public-key", response: {} } as never,
        },
        opts,
      ),
      "guard.invalid_input",
    );
  });
});

describe("passkey sign-in", () => {
  it("answers the second factor after the password: pwd+hwk+mfa", async () => {
    const { clock, user, opts, authenticator, factorId } = await userWithPasskey();
    const step = await beginPasswordSignIn(
      t.db(),
      { identifier: user.email, password: STRONG_PASSWORD },
      { now: clock.now },
    );
    expect(step).toMatchObject({ status: "mfa_required", factors: ["webauthn"] });
    const { options } = await startSignInPasskey(t.db(), step, opts);
    expect(options.allowCredentials?.map((c) => c.id)).toEqual([authenticator.id]);
    expect(
      await finishSignInPasskey(
        t.db(),
        {
          challengeToken: step.challengeToken,
          response: authenticator.authenticate(options, user.id),
        },
        opts,
      ),
    ).toEqual({ challengeToken: step.challengeToken, status: "complete" });
    const done = await completeSignIn(t.db(), step, { now: clock.now });
    expect(done).toMatchObject({ user: { id: user.id }, amr: ["pwd", "hwk", "mfa"] });
    const row = await t.db().userMfaFactor.findUniqueOrThrow({ where: { id: factorId } });
    expect(row.counter).toBe(1n);
    expect(row.lastUsedAt).toEqual(clock.now());
  });

  it("signs in without a password when the passkey verifies the user", async () => {
    const { clock, user, opts, authenticator } = await userWithPasskey();
    const { challengeToken, options } = await startSignInPasskey(t.db(), {}, opts);
    expect(options.allowCredentials ?? []).toEqual([]);
    expect(options.userVerification).toBe("required");
    const response = authenticator.authenticate(options, user.id);
    await finishSignInPasskey(t.db(), { challengeToken, response }, opts);
    const done = await completeSignIn(t.db(), { challengeToken }, { now: clock.now });
    expect(done).toMatchObject({ user: { id: user.id, email: user.email }, amr: ["hwk", "mfa"] });
    // The same assertion again: the WebAuthn challenge was used.
    await expectDomainError(
      finishSignInPasskey(t.db(), { challengeToken, response }, opts),
      "sign_in.challenge_invalid",
    );
  });

  it("bounds passwordless sign-ins started from one address", async () => {
    // An address no other test uses (flowOptions hands out 2001:db8:a::n): the window is
    // the frozen clock's, shared by every test of this file.
    const opts = { ...flowOptions(testClock()), ...RP, ip: "2001:db8:b::1" };
    for (let i = 0; i < PASSKEY_STARTS_PER_MINUTE; i++) await startSignInPasskey(t.db(), {}, opts);
    await expectDomainError(startSignInPasskey(t.db(), {}, opts), "rate_limited");
    // Another address is not affected.
    await startSignInPasskey(t.db(), {}, { ...opts, ip: "2001:db8:b::2" });
  });

  it("refuses a passwordless sign-in without user verification", async () => {
    const { user, opts, authenticator } = await userWithPasskey(false);
    const { challengeToken, options } = await startSignInPasskey(t.db(), {}, opts);
    await expectDomainError(
      finishSignInPasskey(
        t.db(),
        { challengeToken, response: authenticator.authenticate(options, user.id) },
        opts,
      ),
      "passkey.verification_failed",
    );
    await expectDomainError(
      completeSignIn(t.db(), { challengeToken }),
      "sign_in.challenge_invalid",
    );
  });

  it("refuses a forged signature, another origin, and a passkey of another user", async () => {
    const { clock, user, opts, authenticator } = await userWithPasskey();
    const other = await userWithPasskey();
    const forger = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;
    const attempts = [
      (o: { challenge: string }) => authenticator.authenticate(o, user.id, { key: forger }),
      (o: { challenge: string }) =>
        authenticator.authenticate(o, user.id, { origin: "https://evil.example" }),
    ];
    for (const attempt of attempts) {
      const { challengeToken, options } = await startSignInPasskey(t.db(), {}, opts);
      await expectDomainError(
        finishSignInPasskey(t.db(), { challengeToken, response: attempt(options) }, opts),
        "passkey.verification_failed",
      );
    }
    // Second factor for this user answered with another user's (valid) passkey.
    const step = await beginPasswordSignIn(
      t.db(),
      { identifier: user.email, password: STRONG_PASSWORD },
      { now: clock.now },
    );
    const { options } = await startSignInPasskey(t.db(), step, opts);
    await expectDomainError(
      finishSignInPasskey(
        t.db(),
        { ...step, response: other.authenticator.authenticate(options, other.user.id) },
        opts,
      ),
      "passkey.verification_failed",
    );
    await expectDomainError(
      completeSignIn(t.db(), step, { now: clock.now }),
      "sign_in.challenge_invalid",
    );
  });

  it("never starts a second factor on a decoy or a finished sign-in", async () => {
    const clock = testClock();
    const user = await userWithPassword(t.db());
    const opts = { ...flowOptions(clock), ...RP };
    const step = await beginPasswordSignIn(
      t.db(),
      { identifier: user.email, password: STRONG_PASSWORD },
      { now: clock.now },
    );
    expect(step.status).toBe("complete");
    await expectDomainError(startSignInPasskey(t.db(), step, opts), "sign_in.challenge_invalid");
  });
});
