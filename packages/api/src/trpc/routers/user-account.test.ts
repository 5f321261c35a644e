// The console's account actions on a user (verification, reset, MFA) and the sign-in
// experience settings, through tRPC: what reaches the outbox, who is refused.
import { createTestDatabase, type TestDatabase } from "@guildhall/db/testing";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../root.ts";
import { createCallerFactory, type ConsoleSession } from "../trpc.ts";

let t: TestDatabase;
const createCaller = createCallerFactory(appRouter);
let kicks = 0;

function caller(consoleRole: "admin" | "collaborator") {
  const session: ConsoleSession = {
    userId: `${consoleRole}-caller`,
    email: `${consoleRole}@example.com`,
    consoleRole,
  };
  return createCaller({
    db: t.db,
    session,
    baseUrl: "https://id.example.com",
    instanceSecret: "user-account-test-secret-0123456789",
    onEmailQueued: () => (kicks += 1),
  });
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "a TRPCError").toBeInstanceOf(TRPCError);
  return (error as TRPCError).code;
}

let counter = 0;
async function account(consoleRole?: "admin") {
  counter += 1;
  const email = `account-${counter}@example.com`;
  const user = await t.db.user.create({
    data: { email, ...(consoleRole ? { consoleMember: { create: { role: consoleRole } } } : {}) },
  });
  return { ...user, email };
}

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

describe("user account actions", () => {
  it("queues a verification email and a reset email, kicking the outbox, and limits resends", async () => {
    const u = await account();
    const before = kicks;
    await caller("collaborator").user.sendVerification({ userId: u.id });
    await caller("collaborator").user.sendPasswordReset({ userId: u.id });
    expect(kicks).toBe(before + 2);
    const kinds = await t.db.emailOutbox.findMany({
      where: { to: u.email },
      select: { kind: true },
    });
    expect(kinds.map((k) => k.kind).sort()).toEqual(["email-verification", "password-reset"]);
    // A second verification email at once is refused (at most one a minute), with the wait.
    expect(await codeOf(caller("admin").user.sendVerification({ userId: u.id }))).toBe(
      "TOO_MANY_REQUESTS",
    );
  });

  it("lists, removes and resets a user's factors; the user record follows", async () => {
    const u = await account();
    const [totp, passkey] = await Promise.all([
      t.db.userMfaFactor.create({ data: { userId: u.id, type: "totp", confirmedAt: new Date() } }),
      t.db.userMfaFactor.create({
        data: { userId: u.id, type: "webauthn", name: "Laptop", confirmedAt: new Date() },
      }),
    ]);
    await t.db.user.update({ where: { id: u.id }, data: { mfaEnabledAt: new Date() } });
    const api = caller("collaborator");
    expect((await api.user.mfaFactors({ userId: u.id })).map((f) => f.id).sort()).toEqual(
      [totp.id, passkey.id].sort(),
    );
    expect((await api.user.get({ id: u.id })).mfaFactors).toEqual(["totp", "webauthn"]);

    await api.user.removeMfaFactor({ userId: u.id, factorId: totp.id });
    expect(await api.user.get({ id: u.id })).toMatchObject({
      mfaEnabled: true,
      mfaFactors: ["webauthn"],
    });
    expect(await codeOf(api.user.removeMfaFactor({ userId: u.id, factorId: totp.id }))).toBe(
      "NOT_FOUND",
    );

    await api.user.resetMfa({ userId: u.id });
    expect(await api.user.get({ id: u.id })).toMatchObject({ mfaEnabled: false, mfaFactors: [] });
  });

  it("refuses a collaborator the credentials of a console admin's account, not an admin", async () => {
    const admin = await account("admin");
    const factor = await t.db.userMfaFactor.create({
      data: { userId: admin.id, type: "totp", confirmedAt: new Date() },
    });
    const collaborator = caller("collaborator");
    // Seeing the factors is fine; what the console disables, it learns from `access`.
    expect(await collaborator.user.mfaFactors({ userId: admin.id })).toHaveLength(1);
    expect(await collaborator.user.access({ userId: admin.id })).toEqual({
      mayManageCredentials: false,
    });
    expect(await caller("admin").user.access({ userId: admin.id })).toEqual({
      mayManageCredentials: true,
    });
    const plain = await account();
    expect(await collaborator.user.access({ userId: plain.id })).toEqual({
      mayManageCredentials: true,
    });
    const attempts = {
      removeMfaFactor: () =>
        collaborator.user.removeMfaFactor({ userId: admin.id, factorId: factor.id }),
      resetMfa: () => collaborator.user.resetMfa({ userId: admin.id }),
      sendPasswordReset: () => collaborator.user.sendPasswordReset({ userId: admin.id }),
    };
    for (const [name, attempt] of Object.entries(attempts))
      expect(
        await attempt().then(
          () => "OK",
          (e: unknown) => (e as TRPCError).code,
        ),
        name,
      ).toBe("FORBIDDEN");
    expect(await t.db.userMfaFactor.count({ where: { userId: admin.id } })).toBe(1);

    await caller("admin").user.resetMfa({ userId: admin.id });
    expect(await t.db.userMfaFactor.count({ where: { userId: admin.id } })).toBe(0);
  });
});

describe("signInExperience", () => {
  it("is read by every console member and changed by admins only", async () => {
    const initial = await caller("collaborator").signInExperience.get();
    expect(initial).toMatchObject({ registrationEnabled: true, mfa: { policy: "optional" } });
    expect(
      await codeOf(caller("collaborator").signInExperience.update({ registrationEnabled: false })),
    ).toBe("FORBIDDEN");
    const saved = await caller("admin").signInExperience.update({
      registrationEnabled: false,
      passwordPolicy: { minScore: 2 },
    });
    expect(saved).toEqual({
      ...initial,
      registrationEnabled: false,
      passwordPolicy: { ...initial.passwordPolicy, minScore: 2 },
    });
    expect(await caller("collaborator").signInExperience.get()).toEqual(saved);
  });
});
