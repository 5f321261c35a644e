// The account state the console and the Management API read about a user: verification,
// last sign-in, confirmed factors; and the password checks (`verifyUserPassword`, `hasPassword`).
import { user as userSchema } from "@guildhall/validators";
import { describe, expect, it } from "vitest";
import { hashPassword } from "../auth/password.ts";
import { listMembers } from "../members/index.ts";
import { fixtures } from "../members/test-fixtures.ts";
import { expectDomainError, unique, useTestDatabase } from "../test-utils.ts";
import { getUser, hasPassword, listUsers, verifyUserPassword } from "./index.ts";

const t = useTestDatabase();
const f = fixtures(t.db);
const collaborator = () =>
  t.ctx({ actor: { type: "console", userId: "test-collaborator", role: "collaborator" } });
const managementApi = () => t.ctx({ actor: { type: "management_api", clientId: "m2m-app" } });

async function userWithPassword(password: string | null, consoleRole?: "admin") {
  return t.db().user.create({
    data: {
      email: `${unique("pw")}@example.com`,
      passwordHash: password === null ? null : await hashPassword(password),
      ...(consoleRole ? { consoleMember: { create: { role: consoleRole } } } : {}),
    },
  });
}

describe("the user read model", () => {
  it("says whether the email is verified, when the user last signed in, and which factors are confirmed", async () => {
    const signedInAt = new Date("2026-03-04T05:06:07.000Z");
    const row = await t.db().user.create({
      data: {
        email: `${unique("state")}@example.com`,
        emailVerifiedAt: new Date("2026-01-01T00:00:00.000Z"),
        mfaEnabledAt: new Date("2026-02-01T00:00:00.000Z"),
        lastSignInAt: signedInAt,
        mfaFactors: {
          create: [
            { type: "webauthn", name: "Laptop", confirmedAt: new Date() },
            { type: "webauthn", name: "Phone", confirmedAt: new Date() },
            { type: "backup_codes", confirmedAt: new Date() },
            // An enrolment never finished is no factor.
            { type: "totp", confirmedAt: null },
          ],
        },
      },
    });
    const user = await getUser(t.ctx(), { id: row.id });
    expect(userSchema.strict().parse(user)).toEqual(user);
    expect(user).toMatchObject({
      emailVerified: true,
      mfaEnabled: true,
      mfaFactors: ["webauthn", "backup_codes"],
      lastSignInAt: signedInAt,
    });

    const fresh = await f.user();
    expect(await getUser(t.ctx(), { id: fresh.id })).toMatchObject({
      emailVerified: false,
      mfaEnabled: false,
      mfaFactors: [],
      lastSignInAt: null,
    });
  });

  it("gives every user of a list page its own factors, and members too", async () => {
    const marker = unique("list");
    const totp = await t.db().user.create({
      data: {
        email: `${marker}-totp@example.com`,
        mfaFactors: { create: { type: "totp", confirmedAt: new Date() } },
      },
    });
    const none = await t.db().user.create({ data: { email: `${marker}-none@example.com` } });
    const { items } = await listUsers(t.ctx(), { q: marker });
    const byId = new Map(items.map((u) => [u.id, u.mfaFactors]));
    expect(byId.get(totp.id)).toEqual(["totp"]);
    expect(byId.get(none.id)).toEqual([]);

    // The members list reads users with raw SQL: the same shape.
    const org = await f.organization();
    await f.member(org.id, totp.id);
    await f.member(org.id, none.id);
    const members = await listMembers(t.ctx(), { organizationId: org.id });
    expect(new Map(members.items.map((m) => [m.id, m.mfaFactors]))).toEqual(
      new Map([
        [totp.id, ["totp"]],
        [none.id, []],
      ]),
    );
  });
});

describe("verifyUserPassword", () => {
  it("accepts the right password and refuses a wrong one with password.incorrect", async () => {
    const u = await userWithPassword("correct horse battery");
    await expect(
      verifyUserPassword(managementApi(), { userId: u.id, password: "correct horse battery" }),
    ).resolves.toBeUndefined();
    await expectDomainError(
      verifyUserPassword(managementApi(), { userId: u.id, password: "Correct horse battery" }),
      "password.incorrect",
    );
  });

  it("answers password.not_set for a user without one, user.not_found for no user", async () => {
    const u = await userWithPassword(null);
    await expectDomainError(
      verifyUserPassword(t.ctx(), { userId: u.id, password: "anything" }),
      "password.not_set",
    );
    await expectDomainError(
      verifyUserPassword(t.ctx(), { userId: "no-such-user", password: "anything" }),
      "user.not_found",
    );
  });

  it("lets no collaborator test guesses against a console admin's password, and no end user at all", async () => {
    const admin = await userWithPassword("admin password 123", "admin");
    await expectDomainError(
      verifyUserPassword(collaborator(), { userId: admin.id, password: "admin password 123" }),
      "auth.forbidden",
    );
    const plain = await userWithPassword("plain password 123");
    await expect(
      verifyUserPassword(collaborator(), { userId: plain.id, password: "plain password 123" }),
    ).resolves.toBeUndefined();
    await expectDomainError(
      verifyUserPassword(t.ctx({ actor: { type: "user", userId: plain.id } }), {
        userId: plain.id,
        password: "plain password 123",
      }),
      "auth.forbidden",
    );
  });

  it("refuses an empty password as invalid input", async () => {
    const u = await userWithPassword("correct horse battery");
    await expectDomainError(
      verifyUserPassword(t.ctx(), { userId: u.id, password: "" }),
      "guard.invalid_input",
    );
  });
});

describe("hasPassword", () => {
  it("is true only for users with a password", async () => {
    const withOne = await userWithPassword("correct horse battery");
    const without = await userWithPassword(null);
    expect(await hasPassword(t.ctx(), { userId: withOne.id })).toBe(true);
    expect(await hasPassword(t.ctx(), { userId: without.id })).toBe(false);
    await expectDomainError(hasPassword(t.ctx(), { userId: "nobody" }), "user.not_found");
    await expectDomainError(
      hasPassword(t.ctx({ actor: { type: "user", userId: withOne.id } }), { userId: withOne.id }),
      "auth.forbidden",
    );
  });
});
