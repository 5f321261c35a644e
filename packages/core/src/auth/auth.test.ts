import { ADVISORY_LOCKS } from "@guildhall/db";
import { describe, expect, it } from "vitest";
import { expectCode } from "../members/test-fixtures.ts";
import { unique, useTestDatabase } from "../test-utils.ts";
import { createUser } from "../users/create-user.ts";
import { setUserSuspended } from "../users/set-user-suspended.ts";
import { createApplication } from "../applications/index.ts";
import { systemContext } from "../context.ts";
import { completeSetup, getSetupStatus, verifyClientSecret, verifyCredentials } from "./index.ts";

const t = useTestDatabase();

// Tests in this file run in order: setup first, against an empty database.
describe("first-run setup", () => {
  it("needs setup while there is no console admin", async () => {
    expect(await getSetupStatus(t.db())).toEqual({ needsSetup: true });
    // A collaborator alone does not complete setup.
    const user = await t.db().user.create({ data: { email: `${unique("collab")}@example.com` } });
    await t.db().consoleMember.create({ data: { userId: user.id, role: "collaborator" } });
    expect(await getSetupStatus(t.db())).toEqual({ needsSetup: true });
  });

  it("validates input", async () => {
    await expectCode(
      completeSetup(t.db(), { email: "nope", name: "A", password: "long-enough" }),
      "guard.invalid_input",
    );
    await expectCode(
      completeSetup(t.db(), { email: "a@x.com", name: "A", password: "short" }),
      "guard.invalid_input",
    );
    await expectCode(
      completeSetup(t.db(), { email: "a@x.com", name: " ", password: "long-enough" }),
      "guard.invalid_input",
    );
    expect(await getSetupStatus(t.db())).toEqual({ needsSetup: true });
  });

  it("waits for a setup in flight and then refuses", async () => {
    // Deterministic version of the race: another transaction holds the setup lock and
    // creates an admin only after completeSetup has started and is waiting for it.
    let started!: () => void;
    const locked = new Promise<void>((resolve) => (started = resolve));
    let adminId = "";
    const other = t.db().$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADVISORY_LOCKS.firstRunSetup}::bigint)`;
      started();
      await new Promise((resolve) => setTimeout(resolve, 600));
      const user = await tx.user.create({
        data: {
          email: `${unique("racer")}@example.com`,
          consoleMember: { create: { role: "admin" } },
        },
      });
      adminId = user.id;
    });
    await locked;
    const late = completeSetup(t.db(), {
      email: `${unique("late")}@example.com`,
      name: "Late",
      password: "a-strong-password",
    });
    await other;
    await expectCode(late, "setup.already_completed");
    expect(await t.db().consoleMember.count({ where: { role: "admin" } })).toBe(1);
    // Back to a fresh instance for the next test.
    await t.db().user.delete({ where: { id: adminId } });
    expect(await getSetupStatus(t.db())).toEqual({ needsSetup: true });
  });

  it("creates exactly one admin when called concurrently", async () => {
    const emails = [0, 1, 2].map((i) => `First-${i}@Example.com`);
    const results = await Promise.allSettled(
      emails.map((email) =>
        completeSetup(t.db(), { email, name: "First Admin", password: "a-strong-password" }),
      ),
    );
    const fulfilled = results.filter((r) => r.status === "fulfilled");
    const rejected = results.filter((r) => r.status === "rejected");
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(2);
    for (const r of rejected)
      expect((r.reason as { code: string }).code).toBe("setup.already_completed");

    const admin = fulfilled[0]?.value;
    expect(admin).toMatchObject({ name: "First Admin", consoleRole: "admin" });
    expect(admin?.email).toMatch(/^first-\d@example\.com$/);
    expect(await t.db().consoleMember.count({ where: { role: "admin" } })).toBe(1);
    expect(
      await t.db().user.count({ where: { email: { in: emails.map((e) => e.toLowerCase()) } } }),
    ).toBe(1);
    expect(await getSetupStatus(t.db())).toEqual({ needsSetup: false });

    const audit = await t.db().auditLog.findFirst({ where: { action: "setup.completed" } });
    expect(audit).toMatchObject({ actorType: "system", targetId: admin?.id });
  });

  it("refuses to run again", async () => {
    await expectCode(
      completeSetup(t.db(), {
        email: `${unique("late")}@example.com`,
        name: "Late",
        password: "a-strong-password",
      }),
      "setup.already_completed",
    );
  });
});

describe("verifyCredentials", () => {
  async function userWithPassword(password = "s3cret-password") {
    const email = `${unique("signin")}@example.com`;
    const user = await createUser(t.ctx(), { email, password, name: "Signer" });
    return { user, email, password };
  }

  it("signs in with the right password, any email case, and records it", async () => {
    const { user, email, password } = await userWithPassword();
    const result = await verifyCredentials(t.db(), { identifier: email.toUpperCase(), password });
    expect(result).toEqual({
      id: user.id,
      email,
      username: null,
      name: "Signer",
      consoleRole: null,
    });
    const row = await t.db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.lastSignInAt).toBeInstanceOf(Date);
    const audit = await t
      .db()
      .auditLog.findFirst({ where: { action: "user.signed_in", targetId: user.id } });
    expect(audit).toMatchObject({ actorType: "user", actorId: user.id });
  });

  it("returns the console role", async () => {
    const { user, email, password } = await userWithPassword();
    await t.db().consoleMember.create({ data: { userId: user.id, role: "collaborator" } });
    expect((await verifyCredentials(t.db(), { identifier: email, password })).consoleRole).toBe(
      "collaborator",
    );
  });

  it("gives the same answer for a wrong password, an unknown email and no password", async () => {
    const { email } = await userWithPassword();
    const noPasswordEmail = `${unique("nopw")}@example.com`;
    await createUser(t.ctx(), { email: noPasswordEmail });
    const errors = [
      await expectCode(
        verifyCredentials(t.db(), { identifier: email, password: "wrong-password" }),
        "auth.invalid_credentials",
      ),
      await expectCode(
        verifyCredentials(t.db(), {
          identifier: `${unique("ghost")}@example.com`,
          password: "whatever",
        }),
        "auth.invalid_credentials",
      ),
      await expectCode(
        verifyCredentials(t.db(), { identifier: noPasswordEmail, password: "whatever" }),
        "auth.invalid_credentials",
      ),
    ];
    expect(new Set(errors.map((e) => e.message)).size).toBe(1);
    expect(errors.every((e) => e.data === undefined)).toBe(true);
    const row = await t.db().user.findUniqueOrThrow({ where: { email } });
    expect(row.lastSignInAt).toBeNull();
  });

  it("spends a hash comparison on unknown emails too", async () => {
    const { email, password } = await userWithPassword();
    // Warm the dummy hash, then compare a known and an unknown email.
    await verifyCredentials(t.db(), { identifier: "warm@example.com", password }).catch(
      () => undefined,
    );
    const time = async (e: string) => {
      const start = performance.now();
      await verifyCredentials(t.db(), { identifier: e, password: "wrong-password" }).catch(
        () => undefined,
      );
      return performance.now() - start;
    };
    // Interleaved, and the median of each: one sample is at the mercy of a busy machine.
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 5; i++) {
      known.push(await time(email));
      unknown.push(await time(`${unique("ghost")}@example.com`));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[2] ?? 0;
    // A hash takes ~100 ms; skipping it would make the unknown email an order faster.
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.5);
  });

  it("refuses suspended users, but only once the password is right", async () => {
    const { user, email, password } = await userWithPassword();
    await setUserSuspended(t.ctx(), { id: user.id, isSuspended: true });
    await expectCode(verifyCredentials(t.db(), { identifier: email, password }), "user.suspended");
    await expectCode(
      verifyCredentials(t.db(), { identifier: email, password: "wrong-password" }),
      "auth.invalid_credentials",
    );
  });

  it("rejects malformed input", async () => {
    await expectCode(
      verifyCredentials(t.db(), { identifier: "not-an-email", password: "x" }),
      "guard.invalid_input",
    );
    await expectCode(
      verifyCredentials(t.db(), { identifier: "a@example.com", password: "" }),
      "guard.invalid_input",
    );
  });

  it("rehashes a password stored with older parameters", async () => {
    const { scryptSync, randomBytes } = await import("node:crypto");
    const salt = randomBytes(16);
    const key = scryptSync("old-password", salt, 32, { N: 1024, r: 8, p: 1 });
    const email = `${unique("legacy")}@example.com`;
    await t.db().user.create({
      data: {
        email,
        passwordHash: `scrypt$1024$8$1$${salt.toString("base64url")}$${key.toString("base64url")}`,
      },
    });
    await verifyCredentials(t.db(), { identifier: email, password: "old-password" });
    const row = await t.db().user.findUniqueOrThrow({ where: { email } });
    expect(row.passwordHash).toMatch(/^scrypt\$32768\$/);
    await verifyCredentials(t.db(), { identifier: email, password: "old-password" });
  });
});

describe("brute-force throttling of sign-in", () => {
  /** A clock the test moves by hand. */
  function clock() {
    let t = Date.UTC(2026, 2, 1, 12, 0, 0);
    return { now: () => new Date(t), advance: (seconds: number) => (t += seconds * 1000) };
  }
  async function userWithPassword(password = "s3cret-password") {
    const email = `${unique("brute")}@example.com`;
    await createUser(t.ctx(), { email, password, name: "Target" });
    return { identifier: email, email, password };
  }
  /** Runs attempts one after another: "ok", the error code, or the message when throttled. */
  async function answers(attempts: (() => Promise<unknown>)[]) {
    const out: string[] = [];
    for (const attempt of attempts) {
      out.push(
        await attempt().then(
          () => "ok",
          (e: { code: string; message: string }) =>
            e.code === "rate_limited" ? e.message : e.code,
        ),
      );
    }
    return out;
  }
  const tenWrong = (email: string, c: ReturnType<typeof clock>, ip?: string) =>
    answers(
      Array.from(
        { length: 10 },
        () => () =>
          verifyCredentials(
            t.db(),
            { identifier: email, password: "wrong-password" },
            { now: c.now, ip },
          ),
      ),
    );

  it("throttles an account after 5 failures, with a delay that doubles", async () => {
    const { email } = await userWithPassword();
    const c = clock();
    const expected = [
      ...Array<string>(5).fill("auth.invalid_credentials"),
      ...Array<string>(5).fill("Too many attempts. Try again in 1 s."),
    ];
    expect(await tenWrong(email, c)).toEqual(expected);
    const refused = await expectCode(
      verifyCredentials(t.db(), { identifier: email, password: "wrong-password" }, { now: c.now }),
      "rate_limited",
    );
    expect(refused.data).toEqual({ retryAfterSeconds: 1 });
    // Each failure after the delay doubles the next one.
    const delays: number[] = [];
    let wait = 1;
    for (let i = 0; i < 5; i++) {
      c.advance(wait);
      await expectCode(
        verifyCredentials(
          t.db(),
          { identifier: email, password: "wrong-password" },
          { now: c.now },
        ),
        "auth.invalid_credentials",
      );
      const error = await expectCode(
        verifyCredentials(
          t.db(),
          { identifier: email, password: "wrong-password" },
          { now: c.now },
        ),
        "rate_limited",
      );
      wait = (error.data as { retryAfterSeconds: number }).retryAfterSeconds;
      delays.push(wait);
    }
    expect(delays).toEqual([2, 4, 8, 16, 32]);
  });

  it("answers an unknown account exactly as a known one", async () => {
    const { email } = await userWithPassword();
    const [known, unknown] = [clock(), clock()];
    expect(await tenWrong(`${unique("ghost")}@example.com`, unknown)).toEqual(
      await tenWrong(email, known),
    );
  });

  it("refuses the right password during the delay, accepts it after, and then forgets the failures", async () => {
    const { email, password } = await userWithPassword();
    const c = clock();
    await tenWrong(email, c);
    const refused = await expectCode(
      verifyCredentials(t.db(), { identifier: email, password }, { now: c.now }),
      "rate_limited",
    );
    expect(refused.message).toBe("Too many attempts. Try again in 1 s.");
    const row = await t.db().user.findUniqueOrThrow({ where: { email } });
    expect(row.lastSignInAt).toBeNull();
    c.advance(1);
    expect(
      (await verifyCredentials(t.db(), { identifier: email, password }, { now: c.now })).email,
    ).toBe(email);
    // A success resets the account: five more mistakes before a delay.
    expect((await tenWrong(email, c)).filter((a) => a === "auth.invalid_credentials")).toHaveLength(
      5,
    );
  });

  it("counts concurrent guesses exactly", async () => {
    const { email } = await userWithPassword();
    const c = clock();
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, () =>
        verifyCredentials(
          t.db(),
          { identifier: email, password: "wrong-password" },
          { now: c.now },
        ),
      ),
    );
    const codes = results.map((r) =>
      r.status === "rejected" ? (r.reason as { code: string }).code : "ok",
    );
    expect(codes.filter((code) => code === "auth.invalid_credentials")).toHaveLength(5);
    expect(codes.filter((code) => code === "rate_limited")).toHaveLength(7);
  });

  it("throttles an IP spraying many accounts, and a sign-in to the attacker's own account does not reset it", async () => {
    const own = await userWithPassword();
    const ip = `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
    const c = clock();
    const spray = (n: number) =>
      answers(
        Array.from(
          { length: n },
          () => () =>
            verifyCredentials(
              t.db(),
              { identifier: `${unique("victim")}@example.com`, password: "guess" },
              { now: c.now, ip },
            ),
        ),
      );
    // 19 failures, one success interleaved, then the 20th failure: the IP is now at its limit.
    expect(new Set(await spray(19))).toEqual(new Set(["auth.invalid_credentials"]));
    await verifyCredentials(t.db(), own, { now: c.now, ip });
    expect(await spray(1)).toEqual(["auth.invalid_credentials"]);
    expect(await spray(1)).toEqual(["Too many attempts. Try again in 1 s."]);
    // The IP is throttled even for the right password of an account that has no failures.
    await expectCode(verifyCredentials(t.db(), own, { now: c.now, ip }), "rate_limited");
    // Another address is not.
    expect((await verifyCredentials(t.db(), own, { now: c.now, ip: "192.0.2.1" })).email).toBe(
      own.email,
    );
    c.advance(1);
    expect((await verifyCredentials(t.db(), own, { now: c.now, ip })).email).toBe(own.email);
  });
});

describe("brute-force throttling of client authentication", () => {
  it("refuses after 10 wrong secrets, the right one too, until the delay has passed", async () => {
    let now = Date.UTC(2026, 2, 1, 12, 0, 0);
    const clock = () => new Date(now);
    const { application, secret } = await createApplication(systemContext(t.db()), {
      name: unique("m2m"),
      type: "MachineToMachine",
    });
    const check = (value: string) =>
      verifyClientSecret(t.db(), {
        applicationId: application.id,
        secret: value,
        ip: "192.0.2.50",
        now: clock,
      });
    for (let i = 0; i < 10; i++) expect(await check(`wrong-${i}`)).toBe(false);
    const refused = await expectCode(check("wrong"), "rate_limited");
    expect(refused.data).toEqual({ retryAfterSeconds: 1 });
    await expectCode(check(secret?.value ?? ""), "rate_limited");
    now += 1000;
    expect(await check(secret?.value ?? "")).toBe(true);
    // The success forgot the client's failures.
    expect(await check("wrong-again")).toBe(false);
  });
});
