import { describe, expect, it } from "vitest";
import { flowOptions, STRONG_PASSWORD, testClock, userWithPassword } from "../accounts/test-kit.ts";
import { regenerateBackupCodes } from "../mfa/regenerate-backup-codes.ts";
import { enrolTotp, selfCtx, totpCodeAt } from "../mfa/test-kit.ts";
import { expectDomainError, useTestDatabase } from "../test-utils.ts";
import { setUserSuspended } from "../users/set-user-suspended.ts";
import { beginPasswordSignIn } from "./begin-password-sign-in.ts";
import { AUTH_CHALLENGE_TTL_MS, createSignInChallenge } from "./challenge.ts";
import { completeSignIn } from "./complete-sign-in.ts";
import { verifySignInBackupCode } from "./verify-sign-in-backup-code.ts";
import { verifySignInTotp } from "./verify-sign-in-totp.ts";

const t = useTestDatabase();

async function setup() {
  const clock = testClock();
  const user = await userWithPassword(t.db());
  const opts = flowOptions(clock);
  const signIn = () =>
    beginPasswordSignIn(
      t.db(),
      { identifier: user.email, password: STRONG_PASSWORD },
      { ip: opts.ip, now: clock.now },
    );
  return { clock, user, opts, signIn };
}

describe("password sign-in", () => {
  it("completes at once without a factor, records the sign-in and refuses a second use", async () => {
    const { clock, user, signIn } = await setup();
    const step = await signIn();
    expect(step).toEqual({ challengeToken: expect.any(String) as string, status: "complete" });
    const row = await t.db().user.findUniqueOrThrow({ where: { id: user.id } });
    // The password alone records nothing: only completing does.
    expect(row.lastSignInAt).toBeNull();

    const done = await completeSignIn(t.db(), step, { now: clock.now });
    expect(done).toEqual({
      user: {
        id: user.id,
        email: user.email,
        username: null,
        name: "Olive Owner",
        consoleRole: null,
      },
      amr: ["pwd"],
    });
    const after = await t.db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.lastSignInAt).toEqual(clock.now());
    const audit = await t.db().auditLog.findFirst({
      where: { action: "user.signed_in", targetId: user.id },
    });
    expect(audit).toMatchObject({ actorType: "user", actorId: user.id, data: { amr: ["pwd"] } });

    await expectDomainError(
      completeSignIn(t.db(), step, { now: clock.now }),
      "sign_in.challenge_invalid",
    );
  });

  it("stores only the token's hash", async () => {
    const { signIn } = await setup();
    const { challengeToken } = await signIn();
    expect(await t.db().authChallenge.count({ where: { id: challengeToken } })).toBe(0);
    expect(challengeToken).toMatch(/^[\w-]{43}$/);
  });

  it("lets exactly one of two concurrent completions through", async () => {
    const { clock, signIn } = await setup();
    const step = await signIn();
    const results = await Promise.allSettled(
      [0, 1, 2].map(() => completeSignIn(t.db(), step, { now: clock.now })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((r) => r.status === "rejected"))
      expect((r.reason as { code: string }).code).toBe("sign_in.challenge_invalid");
  });

  it("expires after 10 minutes", async () => {
    const { clock, signIn } = await setup();
    const late = await signIn();
    const inTime = await signIn();
    clock.advance(AUTH_CHALLENGE_TTL_MS - 1000);
    await completeSignIn(t.db(), inTime, { now: clock.now });
    clock.advance(1000);
    await expectDomainError(
      completeSignIn(t.db(), late, { now: clock.now }),
      "sign_in.challenge_invalid",
    );
  });

  it("never completes a decoy challenge, and refuses unknown tokens", async () => {
    const { clock } = await setup();
    const decoy = await createSignInChallenge(t.db(), {
      userId: null,
      amr: ["pwd"],
      now: clock.now(),
    });
    const errors = [
      await expectDomainError(
        completeSignIn(t.db(), decoy, { now: clock.now }),
        "sign_in.challenge_invalid",
      ),
      await expectDomainError(
        completeSignIn(t.db(), { challengeToken: "x".repeat(43) }, { now: clock.now }),
        "sign_in.challenge_invalid",
      ),
    ];
    expect(errors[0]?.message).toBe(errors[1]?.message);
    await expectDomainError(
      verifySignInTotp(t.db(), { ...decoy, code: "123456" }, flowOptions(clock)),
      "sign_in.challenge_invalid",
    );
    await expectDomainError(completeSignIn(t.db(), { challengeToken: "" }), "guard.invalid_input");
  });

  it("refuses a user suspended after the password was checked", async () => {
    const { clock, user, signIn } = await setup();
    const step = await signIn();
    await setUserSuspended(t.ctx(), { id: user.id, isSuspended: true });
    await expectDomainError(completeSignIn(t.db(), step, { now: clock.now }), "user.suspended");
  });
});

describe("sign-in with an authenticator app", () => {
  it("asks for the code, refuses a wrong one and a replay, and records pwd+otp+mfa", async () => {
    const { clock, user, opts, signIn } = await setup();
    const { secret } = await enrolTotp(t.db(), user.id, clock);
    const step = await signIn();
    expect(step).toEqual({
      challengeToken: step.challengeToken,
      status: "mfa_required",
      factors: ["totp"],
    });
    await expectDomainError(
      completeSignIn(t.db(), step, { now: clock.now }),
      "sign_in.challenge_invalid",
    );

    const code = totpCodeAt(secret, clock.now());
    const wrong = code === "000000" ? "111111" : "000000";
    await expectDomainError(
      verifySignInTotp(t.db(), { challengeToken: step.challengeToken, code: wrong }, opts),
      "mfa.invalid_code",
    );
    expect(
      await verifySignInTotp(t.db(), { challengeToken: step.challengeToken, code }, opts),
    ).toEqual({ challengeToken: step.challengeToken, status: "complete" });
    const done = await completeSignIn(t.db(), step, { now: clock.now });
    expect(done.amr).toEqual(["pwd", "otp", "mfa"]);

    // The same code on a new sign-in, within its window: refused.
    const again = await signIn();
    await expectDomainError(
      verifySignInTotp(t.db(), { challengeToken: again.challengeToken, code }, opts),
      "mfa.invalid_code",
    );
    // The next step's code works.
    clock.advance(30_000);
    await verifySignInTotp(
      t.db(),
      { challengeToken: again.challengeToken, code: totpCodeAt(secret, clock.now()) },
      opts,
    );
    await completeSignIn(t.db(), again, { now: clock.now });
  });

  it("accepts the previous step's code, not one two steps old", async () => {
    const { clock, user, opts, signIn } = await setup();
    const { secret } = await enrolTotp(t.db(), user.id, clock);
    clock.advance(60_000);
    const step = await signIn();
    await expectDomainError(
      verifySignInTotp(
        t.db(),
        { ...step, code: totpCodeAt(secret, new Date(clock.now().getTime() - 60_000)) },
        opts,
      ),
      "mfa.invalid_code",
    );
    await verifySignInTotp(
      t.db(),
      { ...step, code: totpCodeAt(secret, new Date(clock.now().getTime() - 30_000)) },
      opts,
    );
  });

  it("lets one of two concurrent uses of a code through", async () => {
    const { clock, user, opts, signIn } = await setup();
    const { secret } = await enrolTotp(t.db(), user.id, clock);
    const [a, b] = [await signIn(), await signIn()];
    const code = totpCodeAt(secret, clock.now());
    const results = await Promise.allSettled(
      [a, b].map((s) => verifySignInTotp(t.db(), { challengeToken: s.challengeToken, code }, opts)),
    );
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
  });

  it("allows 5 tries per sign-in, then the sign-in starts over", async () => {
    const { clock, user, opts, signIn } = await setup();
    const { secret } = await enrolTotp(t.db(), user.id, clock);
    const step = await signIn();
    const code = totpCodeAt(secret, clock.now());
    const wrong = code === "000000" ? "111111" : "000000";
    for (let i = 0; i < 5; i++)
      await expectDomainError(
        verifySignInTotp(t.db(), { ...step, code: wrong }, opts),
        "mfa.invalid_code",
      );
    // The account is throttled now (5 failures), and once the delay has passed this
    // sign-in is still spent, even for the right code.
    await expectDomainError(verifySignInTotp(t.db(), { ...step, code }, opts), "rate_limited");
    clock.advance(1000);
    await expectDomainError(
      verifySignInTotp(t.db(), { ...step, code }, opts),
      "sign_in.challenge_invalid",
    );
    // A new sign-in: refused while the (doubled) delay runs, without using up its tries.
    const fresh = await signIn();
    const throttled = await expectDomainError(
      verifySignInTotp(t.db(), { ...fresh, code }, opts),
      "rate_limited",
    );
    expect(throttled.message).toBe("Too many attempts. Try again in 2 s.");
    clock.advance(2000);
    await verifySignInTotp(t.db(), { ...fresh, code }, opts);
    await completeSignIn(t.db(), fresh, { now: clock.now });
    const used = await t.db().authChallenge.findMany({
      where: { userId: user.id, consumedAt: { not: null } },
    });
    expect(used.map((c) => c.attempts)).toEqual([1]);
  });

  it("refuses a malformed code before counting it", async () => {
    const { clock, user, opts, signIn } = await setup();
    await enrolTotp(t.db(), user.id, clock);
    const step = await signIn();
    await expectDomainError(
      verifySignInTotp(t.db(), { ...step, code: "12a456" }, opts),
      "guard.invalid_input",
    );
    const row = await t.db().authChallenge.findFirstOrThrow({
      where: { userId: user.id, consumedAt: null },
      orderBy: { createdAt: "desc" },
    });
    expect(row.attempts).toBe(0);
  });
});

describe("sign-in with a backup code", () => {
  it("uses each code once, including two concurrent uses of one code", async () => {
    const { clock, user, opts, signIn } = await setup();
    await enrolTotp(t.db(), user.id, clock);
    const { codes } = await regenerateBackupCodes(
      selfCtx(t.db(), user.id),
      { userId: user.id },
      opts,
    );
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}$/);
    const stored = await t.db().userBackupCode.findMany({ where: { factor: { userId: user.id } } });
    expect(stored.map((s) => s.codeHash)).not.toContain(codes[0]);

    const step = await signIn();
    expect(step).toMatchObject({ status: "mfa_required", factors: ["totp", "backup_codes"] });
    const [first = "", second = ""] = codes;
    // Entered in lower case without the hyphen: the same code.
    await verifySignInBackupCode(
      t.db(),
      { ...step, code: first.replace("-", "").toLowerCase() },
      opts,
    );
    expect((await completeSignIn(t.db(), step, { now: clock.now })).amr).toEqual([
      "pwd",
      "otp",
      "mfa",
    ]);
    await expectDomainError(
      verifySignInBackupCode(t.db(), { ...(await signIn()), code: first }, opts),
      "mfa.invalid_code",
    );

    const [a, b] = [await signIn(), await signIn()];
    const results = await Promise.allSettled(
      [a, b].map((s) => verifySignInBackupCode(t.db(), { ...s, code: second }, opts)),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected");
    expect((rejected?.reason as { code: string }).code).toBe("mfa.invalid_code");
    expect(
      await t
        .db()
        .userBackupCode.count({ where: { factor: { userId: user.id }, usedAt: { not: null } } }),
    ).toBe(2);
  });

  it("refuses a code of another user", async () => {
    const { clock, user, opts, signIn } = await setup();
    await enrolTotp(t.db(), user.id, clock);
    const other = await setup();
    await enrolTotp(t.db(), other.user.id, other.clock);
    const { codes } = await regenerateBackupCodes(
      selfCtx(t.db(), other.user.id),
      { userId: other.user.id },
      other.opts,
    );
    await expectDomainError(
      verifySignInBackupCode(t.db(), { ...(await signIn()), code: codes[0] ?? "" }, opts),
      "mfa.invalid_code",
    );
  });
});
