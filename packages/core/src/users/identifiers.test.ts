// Logto's identifiers: a user with a username and no email signs in, is found by search,
// and cannot be sent what needs an email.
import { describe, expect, it } from "vitest";
import { sendEmailVerification } from "../accounts/verify-email.ts";
import { sendPasswordReset } from "../accounts/password-reset.ts";
import { flowOptions, testClock } from "../accounts/test-kit.ts";
import { hashPassword } from "../auth/password.ts";
import { verifyCredentials } from "../auth/verify-credentials.ts";
import { listMembers } from "../members/list-members.ts";
import { expectCode, fixtures } from "../members/test-fixtures.ts";
import { beginPasswordSignIn } from "../sign-in/begin-password-sign-in.ts";
import { unique, useTestDatabase } from "../test-utils.ts";
import { translateIdentifierConflicts } from "./identifiers.ts";
import { createUser, listUsers, updateUser } from "./index.ts";

const t = useTestDatabase();
const f = fixtures(t.db);
const PASSWORD = "a-long-password-1";
const uname = (prefix: string) => `${prefix}_${unique("u").replaceAll("-", "_")}`;

describe("signing in with a username", () => {
  it("signs in with the username in any case, as with an email", async () => {
    const username = uname("Grace");
    const user = await createUser(t.ctx(), { username, password: PASSWORD });
    for (const identifier of [username, username.toLowerCase(), username.toUpperCase()]) {
      const signedIn = await verifyCredentials(t.db(), { identifier, password: PASSWORD });
      expect(signedIn).toEqual({
        id: user.id,
        email: null,
        username,
        name: null,
        consoleRole: null,
      });
    }
    // An email user can use either identifier.
    const email = `${unique("both")}@example.com`;
    const both = await createUser(t.ctx(), { email, username: uname("Both"), password: PASSWORD });
    expect((await verifyCredentials(t.db(), { identifier: email, password: PASSWORD })).id).toBe(
      both.id,
    );
  });

  it("answers a wrong password and an unknown username alike, and refuses what is neither", async () => {
    const username = uname("Known");
    await createUser(t.ctx(), { username, password: PASSWORD });
    const wrong = await expectCode(
      verifyCredentials(t.db(), { identifier: username, password: "not-it-at-all" }),
      "auth.invalid_credentials",
    );
    const unknown = await expectCode(
      verifyCredentials(t.db(), { identifier: uname("Nobody"), password: PASSWORD }),
      "auth.invalid_credentials",
    );
    expect(unknown.message).toBe(wrong.message);
    for (const identifier of ["1starts_with_digit", "has space", "not@an@email"])
      await expectCode(
        verifyCredentials(t.db(), { identifier, password: PASSWORD }),
        "guard.invalid_input",
      );
  });

  it("throttles a username whatever its case: one account, one counter", async () => {
    const username = uname("Target");
    await createUser(t.ctx(), { username, password: PASSWORD });
    let now = new Date("2031-01-01T00:00:00Z");
    const attempt = (identifier: string, password: string) =>
      beginPasswordSignIn(t.db(), { identifier, password }, { now: () => now });
    const cases = [username, username.toUpperCase(), username.toLowerCase()];
    for (let i = 0; i < 5; i++)
      await expectCode(
        attempt(cases[i % 3] ?? username, "wrong-password"),
        "auth.invalid_credentials",
      );
    // The sixth attempt, right password and yet another case, waits out the delay.
    await expectCode(attempt(username.toLowerCase(), PASSWORD), "rate_limited");
    now = new Date(now.getTime() + 60 * 60 * 1000);
    expect((await attempt(username, PASSWORD)).status).toBe("complete");
  });

  it("refuses a username whose account's email domain must sign in through SSO", async () => {
    const domain = `${unique("sso").toLowerCase()}.example.com`;
    const org = await t
      .db()
      .organization.create({ data: { name: unique("sso-only"), isSsoOnly: true } });
    await t
      .db()
      .organizationJitEmailDomain.create({ data: { organizationId: org.id, emailDomain: domain } });
    const username = uname("Sso");
    await t.db().user.create({
      data: { email: `pat@${domain}`, username, passwordHash: await hashPassword(PASSWORD) },
    });
    await expectCode(
      beginPasswordSignIn(t.db(), { identifier: username, password: PASSWORD }),
      "sign_in.sso_required",
    );
    // A wrong password says nothing about SSO: the username's account stays unconfirmed.
    await expectCode(
      beginPasswordSignIn(t.db(), { identifier: username, password: "wrong-password" }),
      "auth.invalid_credentials",
    );
  });

  it("rehashes an imported Bcrypt digest to scrypt at the first sign-in", async () => {
    const username = uname("Imported");
    const user = await createUser(t.ctx(), {
      username,
      passwordDigest: "$2b$04$Qo1VKfA3XlRQHN9cO0E/PuSazB9Nvn4hVc.4hk3KPvpjPUPbDEpIC",
      passwordAlgorithm: "Bcrypt",
    });
    const stored = async () =>
      (await t.db().user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash;
    expect(await stored()).toMatch(/^bcrypt:\$2b\$04\$/);
    await verifyCredentials(t.db(), { identifier: username, password: "imported-Passw0rd" });
    expect(await stored()).toMatch(/^scrypt\$/);
    await verifyCredentials(t.db(), { identifier: username, password: "imported-Passw0rd" });
  });
});

describe("identifier uniqueness", () => {
  it("reports a username taken in another case, also when the database catches the race", async () => {
    const username = uname("Race");
    await createUser(t.ctx(), { username });
    await expectCode(
      createUser(t.ctx(), { username: username.toLowerCase() }),
      "user.username_taken",
    );
    // Past the check (as a concurrent request would be): the expression index still says no.
    await expectCode(
      translateIdentifierConflicts(
        () => t.db().user.create({ data: { username: username.toUpperCase() } }),
        {
          username: username.toUpperCase(),
        },
      ),
      "user.username_taken",
    );
    const phone = `4420${Date.now().toString().slice(-7)}`;
    await createUser(t.ctx(), { primaryPhone: phone });
    await expectCode(
      translateIdentifierConflicts(() => t.db().user.create({ data: { primaryPhone: phone } }), {
        primaryPhone: phone,
      }),
      "user.phone_taken",
    );
  });

  it("removes an email with null: the address and its verification go", async () => {
    const u = await createUser(t.ctx(), {
      email: `${unique("drop")}@example.com`,
      username: uname("Dropper"),
      emailVerified: true,
    });
    const updated = await updateUser(t.ctx(), { id: u.id, email: null });
    expect(updated).toMatchObject({ email: null, emailVerified: false });
    await expectCode(updateUser(t.ctx(), { id: u.id, emailVerified: true }), "guard.invalid_input");
  });
});

describe("a user without an email", () => {
  it("cannot be sent a password reset or a verification email", async () => {
    const u = await createUser(t.ctx(), { username: uname("NoMail") });
    const opts = flowOptions(testClock());
    const reset = await expectCode(
      sendPasswordReset(t.ctx(), { userId: u.id }, opts),
      "user.email_missing",
    );
    expect(reset.message).toMatch(/no email address/);
    await expectCode(sendEmailVerification(t.ctx(), { userId: u.id }, opts), "user.email_missing");
    expect(await t.db().emailOutbox.count({ where: { to: "" } })).toBe(0);
  });
});

describe("searching users by username", () => {
  it("matches part of the username in any case, in the user list and in member lists", async () => {
    const marker = unique("Srch").replaceAll("-", "_");
    const target = await createUser(t.ctx(), { username: `Lin_${marker}`, name: "Lin" });
    await createUser(t.ctx(), { username: `Other_${unique("x").replaceAll("-", "_")}` });
    const found = await listUsers(t.ctx(), { q: `lin_${marker}`.toUpperCase() });
    expect(found.items.map((u) => u.id)).toEqual([target.id]);
    expect(found.items[0]).toMatchObject({ username: `Lin_${marker}`, email: null });

    const org = await f.organization();
    await f.member(org.id, target.id);
    await f.member(org.id, (await f.user()).id);
    const members = await listMembers(t.ctx(), { organizationId: org.id, q: marker.toLowerCase() });
    expect(members.items.map((m) => m.id)).toEqual([target.id]);
    expect(members.items[0]).toMatchObject({ username: `Lin_${marker}` });
  });
});
