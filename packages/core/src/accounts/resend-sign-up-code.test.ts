import { describe, expect, it } from "vitest";
import { expectDomainError, useTestDatabase } from "../test-utils.ts";
import { resendSignUpCode, signUp, verifyEmailCode } from "./index.ts";
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

describe("resending the sign-up code", () => {
  it("sends a new code that works, ends the old one, and is limited like any resend", async () => {
    const clock = testClock();
    const opts = flowOptions(clock);
    const email = uniqueEmail("resend");
    const { challengeToken } = await signUp(t.db(), { email, password: STRONG_PASSWORD }, opts);
    const first = await lastEmail(t.db(), email, "email-verification");

    await expectDomainError(
      resendSignUpCode(t.db(), { challengeToken, email }, opts),
      "rate_limited",
    );
    clock.advance(61_000);
    await resendSignUpCode(t.db(), { challengeToken, email }, opts);
    const second = await lastEmail(t.db(), email, "email-verification");
    expect(second.code).not.toBe(first.code);
    await expectDomainError(
      verifyEmailCode(t.db(), { email, code: first.code ?? "" }, opts),
      "code.invalid",
    );
    await verifyEmailCode(t.db(), { email, code: second.code ?? "" }, opts);
  });

  it("for a sign-up that named an existing account: the same answers and limits, and no email", async () => {
    const owner = await userWithPassword(t.db());
    const clock = testClock();
    const opts = flowOptions(clock);
    const { challengeToken } = await signUp(
      t.db(),
      { email: owner.email, password: STRONG_PASSWORD },
      opts,
    );
    await expectDomainError(
      resendSignUpCode(t.db(), { challengeToken, email: owner.email }, opts),
      "rate_limited",
    );
    clock.advance(61_000);
    await resendSignUpCode(t.db(), { challengeToken, email: owner.email }, opts);
    expect((await sentEmails(t.db(), owner.email)).map((m) => m.kind)).toEqual(["account-exists"]);
    expect(await t.db().oneTimeCode.count({ where: { email: owner.email, userId: null } })).toBe(2);
  });

  it("refuses an unknown or expired sign-up", async () => {
    const opts = flowOptions(testClock());
    await expectDomainError(
      resendSignUpCode(t.db(), { challengeToken: "x".repeat(43), email: uniqueEmail("n") }, opts),
      "sign_in.challenge_invalid",
    );
  });
});
