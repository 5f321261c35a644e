import { describe, expect, it } from "vitest";
import { verifyPassword } from "../auth/password.ts";
import { expectDomainError, useTestDatabase } from "../test-utils.ts";
import { requestPasswordReset, resetPassword, sendPasswordReset } from "./index.ts";
import {
  flowOptions,
  lastEmail,
  OTHER_STRONG_PASSWORD,
  sentEmails,
  signedInEverywhere,
  testClock,
  uniqueEmail,
  userWithPassword,
} from "./test-kit.ts";
import { hashLinkToken } from "./codes.ts";

const t = useTestDatabase();
const MINUTE = 60_000;

async function resetRequested(verified = true) {
  const clock = testClock();
  const opts = flowOptions(clock);
  const user = await userWithPassword(t.db(), undefined, verified);
  await requestPasswordReset(t.db(), { email: user.email }, opts);
  const { token, text } = await lastEmail(t.db(), user.email, "password-reset");
  return { user, opts, clock, token: token ?? "", text: text ?? "" };
}

describe("password reset", () => {
  it("answers the same with or without an account; only the owner gets a link, stored hashed", async () => {
    const opts = flowOptions(testClock());
    const nobody = uniqueEmail("nobody");
    expect(await requestPasswordReset(t.db(), { email: nobody }, opts)).toBeUndefined();
    expect(await t.db().emailOutbox.count({ where: { to: nobody } })).toBe(0);
    expect(await t.db().oneTimeCode.count({ where: { email: nobody } })).toBe(0);

    const { user, token, text } = await resetRequested();
    expect(text).toContain(`https://id.example.test/reset-password?token=${token}`);
    const row = await t.db().oneTimeCode.findFirstOrThrow({ where: { userId: user.id } });
    expect(row).toMatchObject({ purpose: "password_reset", codeHash: null, consumedAt: null });
    expect(row.linkTokenHash).toBe(hashLinkToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    const [stored] = await t.db().emailOutbox.findMany({ where: { to: user.email } });
    expect(`${stored?.text}${stored?.html}`).not.toContain(token);
  });

  it("sets the new password once, ends every session and refresh token, and verifies the address", async () => {
    const { user, opts, token } = await resetRequested(false);
    const sessions = await signedInEverywhere(t.db(), user.id);
    expect(await sessions.consoleSessionIds()).toHaveLength(2);
    expect(await sessions.oidcRows()).toBe(3);

    expect(await resetPassword(t.db(), { token, password: OTHER_STRONG_PASSWORD }, opts)).toEqual({
      userId: user.id,
    });
    const after = await t.db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(OTHER_STRONG_PASSWORD, after.passwordHash ?? "")).toBe(true);
    expect(after.emailVerifiedAt).toEqual(opts.now?.());
    expect(await sessions.consoleSessionIds()).toEqual([]);
    expect(await sessions.oidcRows()).toBe(0);
    expect(
      await t.db().auditLog.count({ where: { targetId: user.id, action: "user.password_reset" } }),
    ).toBe(1);

    await expectDomainError(
      resetPassword(t.db(), { token, password: "Yet-Another-Fine-Phrase-55" }, opts),
      "code.invalid",
    );
  });

  it("expires after an hour (frozen clock)", async () => {
    const { user, opts, clock, token } = await resetRequested();
    clock.advance(60 * MINUTE + 1000);
    await expectDomainError(
      resetPassword(t.db(), { token, password: OTHER_STRONG_PASSWORD }, opts),
      "code.invalid",
    );
    const after = await t.db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.passwordHash).toBe(user.passwordHash);
  });

  it("two concurrent uses of one link: exactly one succeeds", async () => {
    const { opts, token } = await resetRequested();
    const results = await Promise.allSettled([
      resetPassword(t.db(), { token, password: OTHER_STRONG_PASSWORD }, opts),
      resetPassword(t.db(), { token, password: "Yet-Another-Fine-Phrase-55" }, opts),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected");
    expect((refused?.reason as { code?: string }).code).toBe("code.invalid");
  });

  it("a refused password leaves the link usable; a newer request ends the older link", async () => {
    const { user, opts, clock, token } = await resetRequested();
    const weak = await expectDomainError(
      resetPassword(t.db(), { token, password: "password" }, opts),
      "password.rejected",
    );
    expect(weak.message).toMatch(/too short|too easy/);
    clock.advance(MINUTE);
    await requestPasswordReset(t.db(), { email: user.email }, opts);
    const newer = (await lastEmail(t.db(), user.email, "password-reset")).token ?? "";
    expect(newer).not.toBe(token);
    await expectDomainError(
      resetPassword(t.db(), { token, password: OTHER_STRONG_PASSWORD }, opts),
      "code.invalid",
    );
    await resetPassword(t.db(), { token: newer, password: OTHER_STRONG_PASSWORD }, opts);
  });

  it("requests are throttled per address, known or not, with the same answer", async () => {
    const clock = testClock();
    const known = (await userWithPassword(t.db())).email;
    for (const email of [known, uniqueEmail("unknown")]) {
      for (let i = 0; i < 3; i++) await requestPasswordReset(t.db(), { email }, flowOptions(clock));
      const error = await expectDomainError(
        requestPasswordReset(t.db(), { email }, flowOptions(clock)),
        "rate_limited",
      );
      expect(error.data).toEqual({ retryAfterSeconds: 60 });
    }
    expect((await sentEmails(t.db(), known)).length).toBe(3);
  });

  it("an admin can send a reset; a collaborator cannot target a console admin", async () => {
    const opts = flowOptions(testClock());
    const user = await userWithPassword(t.db());
    await sendPasswordReset(t.ctx(), { userId: user.id }, opts);
    expect((await lastEmail(t.db(), user.email, "password-reset")).token).toBeTruthy();
    const admin = await userWithPassword(t.db());
    await t.db().consoleMember.create({ data: { userId: admin.id, role: "admin" } });
    const collaborator = t.ctx({ actor: { type: "console", userId: "c", role: "collaborator" } });
    await expectDomainError(
      sendPasswordReset(collaborator, { userId: admin.id }, opts),
      "auth.forbidden",
    );
    await expectDomainError(
      sendPasswordReset(
        t.ctx({ actor: { type: "user", userId: user.id } }),
        { userId: user.id },
        opts,
      ),
      "auth.forbidden",
    );
    await expectDomainError(
      sendPasswordReset(t.ctx(), { userId: "no-such-user" }, opts),
      "user.not_found",
    );
  });
});
