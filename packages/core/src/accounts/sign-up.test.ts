import { describe, expect, it } from "vitest";
import { verifyPassword } from "../auth/password.ts";
import { expectDomainError, useTestDatabase } from "../test-utils.ts";
import { signUp, updateSignInExperience, verifyEmailCode } from "./index.ts";
import {
  flowOptions,
  lastEmail,
  sentEmails,
  STRONG_PASSWORD,
  testClock,
  uniqueEmail,
  userWithPassword,
} from "./test-kit.ts";

const t = useTestDatabase();

describe("sign-up", () => {
  it("creates an unverified user, a verification code and its email in one go, and a sign-in challenge", async () => {
    const opts = flowOptions(testClock());
    const email = uniqueEmail("new");
    const result = await signUp(t.db(), { email, password: STRONG_PASSWORD, name: "Nia" }, opts);
    expect(Object.keys(result)).toEqual(["challengeToken"]);
    const user = await t.db().user.findUniqueOrThrow({ where: { email } });
    expect(user).toMatchObject({ name: "Nia", emailVerifiedAt: null });
    expect(await verifyPassword(STRONG_PASSWORD, user.passwordHash ?? "")).toBe(true);
    expect(await t.db().oneTimeCode.count({ where: { userId: user.id } })).toBe(1);
    const mail = await lastEmail(t.db(), email, "email-verification");
    expect(mail.code).toMatch(/^\d{6}$/);
    expect(mail.text).toContain("https://id.example.test/verify-email?token=");
    const challenges = await t.db().authChallenge.findMany({ where: { userId: user.id } });
    expect(challenges).toHaveLength(1);
    expect(challenges[0]).toMatchObject({ purpose: "sign_in", amr: ["pwd"], mfaPending: false });
    expect(
      await t.db().auditLog.count({ where: { targetId: user.id, action: "user.signed_up" } }),
    ).toBe(1);
  });

  it("a duplicate email gets the same answer; the owner gets an email, nobody gets an account", async () => {
    const owner = await userWithPassword(t.db());
    const usersBefore = await t.db().user.count();
    const opts = flowOptions(testClock());
    const result = await signUp(
      t.db(),
      { email: owner.email.toUpperCase(), password: "Another-Long-Passphrase-88" },
      opts,
    );
    expect(Object.keys(result)).toEqual(["challengeToken"]);
    expect(result.challengeToken).toMatch(/^[\w-]{43}$/);
    expect(await t.db().user.count()).toBe(usersBefore);
    // The owner's password is untouched.
    const after = await t.db().user.findUniqueOrThrow({ where: { id: owner.id } });
    expect(after.passwordHash).toBe(owner.passwordHash);
    const mails = await sentEmails(t.db(), owner.email);
    expect(mails.map((m) => m.kind)).toEqual(["account-exists"]);
    expect(mails[0]?.text).toContain("https://id.example.test/forgot-password");
    // A decoy code and a decoy challenge, owned by nobody.
    const decoy = await t.db().oneTimeCode.findFirstOrThrow({ where: { email: owner.email } });
    expect(decoy).toMatchObject({ userId: null, purpose: "email_verification" });
    const challenge = await t.db().authChallenge.findFirstOrThrow({
      orderBy: { createdAt: "desc" },
      where: { userId: null },
    });
    expect(challenge.amr).toEqual(["pwd"]);
    // Verification answers as it would for a real code that is wrong.
    await expectDomainError(
      verifyEmailCode(t.db(), { email: owner.email, code: "123456" }, opts),
      "code.invalid",
    );
  });

  it("a new address becomes verified with the emailed code", async () => {
    const opts = flowOptions(testClock());
    const email = uniqueEmail("flow");
    await signUp(t.db(), { email, password: STRONG_PASSWORD }, opts);
    const { code } = await lastEmail(t.db(), email, "email-verification");
    const { userId } = await verifyEmailCode(t.db(), { email, code: code ?? "" }, opts);
    expect(
      (await t.db().user.findUniqueOrThrow({ where: { id: userId } })).emailVerifiedAt,
    ).toEqual(opts.now?.());
  });

  it("applies the password policy, before anything is written", async () => {
    const opts = flowOptions(testClock());
    const email = uniqueEmail("weak");
    const short = await expectDomainError(
      signUp(t.db(), { email, password: "Ab1!x" }, opts),
      "password.rejected",
    );
    expect(short.message).toMatch(/at least 10 characters/);
    const common = await expectDomainError(
      signUp(t.db(), { email, password: "password123" }, opts),
      "password.rejected",
    );
    expect(common.message).toMatch(/too easy to guess/);
    expect(await t.db().user.count({ where: { email } })).toBe(0);
    expect(await t.db().emailOutbox.count({ where: { to: email } })).toBe(0);
  });

  it("is throttled per address, whether or not it has an account", async () => {
    const clock = testClock();
    for (const email of [uniqueEmail("flood"), (await userWithPassword(t.db())).email]) {
      for (let i = 0; i < 3; i++) {
        await signUp(t.db(), { email, password: STRONG_PASSWORD }, flowOptions(clock));
      }
      const error = await expectDomainError(
        signUp(t.db(), { email, password: STRONG_PASSWORD }, flowOptions(clock)),
        "rate_limited",
      );
      expect(error.data?.retryAfterSeconds).toBe(60);
    }
  });

  it("is refused while registration is off", async () => {
    const opts = flowOptions(testClock());
    await updateSignInExperience(t.ctx(), { registrationEnabled: false });
    try {
      const email = uniqueEmail("closed");
      await expectDomainError(
        signUp(t.db(), { email, password: STRONG_PASSWORD }, opts),
        "sign_up.disabled",
      );
      expect(await t.db().user.count({ where: { email } })).toBe(0);
    } finally {
      await updateSignInExperience(t.ctx(), { registrationEnabled: true });
    }
  });
});
