import { describe, expect, it } from "vitest";
import { expectDomainError, TEST_INSTANCE_SECRET, useTestDatabase } from "../test-utils.ts";
import { hashCode, MAX_CODE_ATTEMPTS } from "./codes.ts";
import { sendEmailVerification, signUp, verifyEmailCode, verifyEmailLink } from "./index.ts";
import { flowOptions, lastEmail, STRONG_PASSWORD, testClock, uniqueEmail } from "./test-kit.ts";

const t = useTestDatabase();
const MINUTE = 60_000;

/** A fresh sign-up at the clock's time; returns its address, user and emailed code. */
async function signedUp(clock = testClock()) {
  const opts = flowOptions(clock);
  const email = uniqueEmail("verify");
  await signUp(t.db(), { email, password: STRONG_PASSWORD }, opts);
  const user = await t.db().user.findUniqueOrThrow({ where: { email } });
  const mail = await lastEmail(t.db(), email, "email-verification");
  return { email, user, opts, clock, code: mail.code ?? "", token: mail.token ?? "" };
}

const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");
const verifiedAt = async (id: string) =>
  (await t.db().user.findUniqueOrThrow({ where: { id } })).emailVerifiedAt;

describe("email verification codes", () => {
  it("stores only an HMAC of the code and a hash of the link, and the outbox only a redacted copy", async () => {
    const { email, user, code, token } = await signedUp();
    expect(code).toMatch(/^\d{6}$/);
    expect(token.length).toBeGreaterThanOrEqual(43);
    const row = await t.db().oneTimeCode.findFirstOrThrow({ where: { userId: user.id } });
    expect(row.codeHash).toBe(hashCode(code, TEST_INSTANCE_SECRET, "email_verification", email));
    expect(JSON.stringify(row)).not.toContain(code);
    expect(JSON.stringify(row)).not.toContain(token);
    // Without the instance secret the hash is not the code's: a copy of the table says nothing.
    expect(row.codeHash).not.toBe(
      hashCode(code, "some-other-secret-0123456789", "email_verification", email),
    );
    const outbox = await t.db().emailOutbox.findFirstOrThrow({ where: { to: email } });
    expect(outbox.redacted).toBe(true);
    expect(`${outbox.html}${outbox.text}`).not.toContain(code);
    expect(`${outbox.html}${outbox.text}`).not.toContain(token);
  });

  it("verifies the address with the right code, once", async () => {
    const { email, user, opts, code } = await signedUp();
    expect(await verifiedAt(user.id)).toBeNull();
    expect(await verifyEmailCode(t.db(), { email, code }, opts)).toEqual({ userId: user.id });
    expect(await verifiedAt(user.id)).toEqual(opts.now?.());
    await expectDomainError(verifyEmailCode(t.db(), { email, code }, opts), "code.invalid");
    const audit = await t.db().auditLog.findFirst({
      where: { targetId: user.id, action: "user.email_verified" },
    });
    expect(audit).toMatchObject({ actorType: "user", actorId: user.id });
  });

  it("expires after 10 minutes (frozen clock)", async () => {
    const early = await signedUp();
    early.clock.advance(10 * MINUTE - 1000);
    await verifyEmailCode(t.db(), { email: early.email, code: early.code }, early.opts);

    const late = await signedUp();
    late.clock.advance(10 * MINUTE + 1000);
    const error = await expectDomainError(
      verifyEmailCode(t.db(), { email: late.email, code: late.code }, late.opts),
      "code.invalid",
    );
    // Wrong, expired and used all read the same.
    expect(error.message).toMatch(/wrong, has expired or was already used/);
    expect(await verifiedAt(late.user.id)).toBeNull();
  });

  it("allows 5 tries per code: after 5 wrong ones even the right code is refused", async () => {
    const { email, user, opts, clock, code } = await signedUp();
    for (let i = 0; i < MAX_CODE_ATTEMPTS; i++) {
      await expectDomainError(
        verifyEmailCode(t.db(), { email, code: wrong(code) }, opts),
        "code.invalid",
      );
    }
    // The per-address throttle now asks for a pause before the next try.
    const limited = await expectDomainError(
      verifyEmailCode(t.db(), { email, code }, opts),
      "rate_limited",
    );
    expect(limited.message).toMatch(/Try again in \d+ s/);
    expect(limited.data?.retryAfterSeconds).toBeGreaterThan(0);
    clock.advance(31_000);
    await expectDomainError(verifyEmailCode(t.db(), { email, code }, opts), "code.invalid");
    const row = await t.db().oneTimeCode.findFirstOrThrow({ where: { userId: user.id } });
    expect(row).toMatchObject({ attempts: MAX_CODE_ATTEMPTS, consumedAt: null });
    expect(await verifiedAt(user.id)).toBeNull();
  });

  it("two concurrent uses of one code: exactly one succeeds", async () => {
    const { email, user, opts, code } = await signedUp();
    // Read before the three start: an await among them would leave a rejection unhandled.
    const token = (await lastEmail(t.db(), email, "email-verification")).token ?? "";
    const results = await Promise.allSettled([
      verifyEmailCode(t.db(), { email, code }, opts),
      verifyEmailCode(t.db(), { email, code }, opts),
      verifyEmailLink(t.db(), { token }, opts),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((r) => r.status === "rejected")) {
      expect((r.reason as { code?: string }).code).toBe("code.invalid");
    }
    expect(
      await t.db().auditLog.count({ where: { targetId: user.id, action: "user.email_verified" } }),
    ).toBe(1);
  });

  it("verifies by link too; the link and the code are one: using one spends the other", async () => {
    const { email, user, opts, code, token } = await signedUp();
    expect(await verifyEmailLink(t.db(), { token }, opts)).toEqual({ userId: user.id });
    expect(await verifiedAt(user.id)).not.toBeNull();
    await expectDomainError(verifyEmailLink(t.db(), { token }, opts), "code.invalid");
    await expectDomainError(verifyEmailCode(t.db(), { email, code }, opts), "code.invalid");
    await expectDomainError(
      verifyEmailLink(t.db(), { token: "A".repeat(43) }, opts),
      "code.invalid",
    );
  });

  it("resend: at least a minute apart, at most 5 an hour; a resend ends the earlier code", async () => {
    const { email, user, opts, clock, code: first } = await signedUp();
    const self = t.ctx({ actor: { type: "user", userId: user.id } });
    clock.advance(10_000);
    const soon = await expectDomainError(
      sendEmailVerification(self, { userId: user.id }, opts),
      "rate_limited",
    );
    expect(soon.data?.retryAfterSeconds).toBe(50);
    // Four more, a minute apart: with the sign-up's, five in the hour.
    for (let i = 0; i < 4; i++) {
      clock.advance(61_000);
      await sendEmailVerification(self, { userId: user.id }, opts);
    }
    clock.advance(61_000);
    const hourly = await expectDomainError(
      sendEmailVerification(self, { userId: user.id }, opts),
      "rate_limited",
    );
    expect(hourly.data?.retryAfterSeconds).toBeGreaterThan(60 * 50);
    const latest = (await lastEmail(t.db(), email, "email-verification")).code ?? "";
    if (latest !== first) {
      await expectDomainError(
        verifyEmailCode(t.db(), { email, code: first }, opts),
        "code.invalid",
      );
    }
    expect(await verifyEmailCode(t.db(), { email, code: latest }, opts)).toEqual({
      userId: user.id,
    });
    clock.advance(60 * MINUTE);
    // Verified now: nothing more to send.
    await expectDomainError(
      sendEmailVerification(self, { userId: user.id }, opts),
      "guard.invalid_input",
    );
  });

  it("resend is for the user themself or the console; not for another end user", async () => {
    const { user, opts } = await signedUp();
    const stranger = t.ctx({ actor: { type: "user", userId: "someone-else" } });
    await expectDomainError(
      sendEmailVerification(stranger, { userId: user.id }, opts),
      "auth.forbidden",
    );
    opts.now = () => new Date("2031-05-04T11:00:00Z");
    await sendEmailVerification(t.ctx(), { userId: user.id }, opts);
    await expectDomainError(
      sendEmailVerification(t.ctx(), { userId: "no-such-user" }, opts),
      "user.not_found",
    );
  });
});
