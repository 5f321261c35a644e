import { describe, expect, it } from "vitest";
import { removeConsoleMember } from "../console-members/remove-console-member.ts";
import { setConsoleMemberRole } from "../console-members/set-console-member-role.ts";
import { expectCode, fixtures } from "../members/test-fixtures.ts";
import { useTestDatabase } from "../test-utils.ts";
import { deleteUser } from "../users/delete-user.ts";
import { setUserSuspended } from "../users/set-user-suspended.ts";
import { updateUser } from "../users/update-user.ts";
import {
  CONSOLE_SESSION_IDLE_MS,
  createConsoleSession,
  deleteExpiredConsoleSessions,
  endConsoleSession,
  getConsoleSessionUser,
} from "./index.ts";

const t = useTestDatabase();
const f = fixtures(t.db);

/** A user with a console role and two open sessions (two browsers). */
async function signedInTwice(role: "admin" | "collaborator" | null = "collaborator") {
  const user = await f.user({ name: "Sam" });
  if (role) await t.db().consoleMember.create({ data: { userId: user.id, role } });
  const first = await createConsoleSession(t.db(), {
    userId: user.id,
    userAgent: "Firefox",
    ip: "203.0.113.7",
  });
  const second = await createConsoleSession(t.db(), {
    userId: user.id,
    userAgent: "Chrome",
    ip: "198.51.100.2",
  });
  return { user, first: first.token, second: second.token };
}

const userOf = (token: string) => getConsoleSessionUser(t.db(), { token });

/**
 * What signing in to an application through the OIDC provider leaves in `oidc_models`, as
 * the provider stores it (packages/oidc/src/adapter.ts): a provider session, a grant, a
 * refresh token, an authorization code and an opaque access token, each naming the account.
 */
async function signedInToAnApp(userId: string) {
  const models = ["Session", "Grant", "RefreshToken", "AuthorizationCode", "AccessToken"];
  const suffix = Math.random().toString(36).slice(2);
  await t.db().oidcModel.createMany({
    data: models.map((model) => ({
      model,
      id: `${model}-${suffix}`,
      grantId: model === "Session" ? null : `grant-${suffix}`,
      payload: { accountId: userId, clientId: "app", grantId: `grant-${suffix}`, kind: model },
      expiresAt: new Date(Date.now() + 3_600_000),
    })),
  });
  return () =>
    t.db().oidcModel.count({ where: { payload: { path: ["accountId"], equals: userId } } });
}

/** Another admin, so demoting or suspending the user under test keeps an active admin. */
async function anotherAdmin() {
  const admin = await f.user();
  await t.db().consoleMember.create({ data: { userId: admin.id, role: "admin" } });
  return admin;
}

describe("console sessions", () => {
  it("resolves a session to its user as the database says now, and stores only a hash of the token", async () => {
    const { user, first } = await signedInTwice();
    expect(await userOf(first)).toEqual({
      id: user.id,
      email: user.email,
      username: null,
      name: "Sam",
      consoleRole: "collaborator",
    });
    const rows = await t
      .db()
      .consoleSession.findMany({ where: { userId: user.id }, orderBy: { createdAt: "asc" } });
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => r.id)).not.toContain(first);
    expect(rows[0]).toMatchObject({ userAgent: "Firefox", ip: "203.0.113.7" });
    await t.db().consoleMember.update({ where: { userId: user.id }, data: { role: "admin" } });
    expect((await userOf(first))?.consoleRole).toBe("admin");
  });

  it("refuses unknown, malformed and forged tokens", async () => {
    for (const token of [undefined, null, 42, "", "x".repeat(500), "not-a-session"]) {
      expect(await getConsoleSessionUser(t.db(), { token })).toBeNull();
    }
  });

  it("sign-out ends that session only; a replayed token is refused", async () => {
    const { user, first, second } = await signedInTwice();
    await endConsoleSession(t.db(), { token: first });
    expect(await userOf(first)).toBeNull();
    expect((await userOf(second))?.id).toBe(user.id);
    // Signing out twice (two tabs) is not an error.
    await endConsoleSession(t.db(), { token: first });
  });

  it("expires after the idle time, and use moves the expiry", async () => {
    const user = await f.user();
    const start = new Date("2026-03-01T12:00:00Z");
    const { token } = await createConsoleSession(t.db(), { userId: user.id, now: start });
    const at = (ms: number) => new Date(start.getTime() + ms);
    // Used after 10 days: the idle clock restarts from there.
    expect(await getConsoleSessionUser(t.db(), { token, now: at(10 * 86_400_000) })).not.toBeNull();
    expect(
      await getConsoleSessionUser(t.db(), { token, now: at(CONSOLE_SESSION_IDLE_MS + 1000) }),
    ).not.toBeNull();
    const row = await t.db().consoleSession.findFirstOrThrow({ where: { userId: user.id } });
    expect(row.lastSeenAt).toEqual(at(CONSOLE_SESSION_IDLE_MS + 1000));
    const end = CONSOLE_SESSION_IDLE_MS + 1000 + CONSOLE_SESSION_IDLE_MS;
    expect(await getConsoleSessionUser(t.db(), { token, now: at(end) })).toBeNull();
    expect(await deleteExpiredConsoleSessions(t.db(), at(end))).toBeGreaterThanOrEqual(1);
    expect(await t.db().consoleSession.count({ where: { userId: user.id } })).toBe(0);
  });

  it("a password change ends all of the user's sessions, and no one else's", async () => {
    const { user, first, second } = await signedInTwice();
    const bystander = await signedInTwice();
    await updateUser(t.ctx(), { id: user.id, password: "a-new-password" });
    expect(await userOf(first)).toBeNull();
    expect(await userOf(second)).toBeNull();
    expect(await userOf(bystander.first)).not.toBeNull();
  });

  it("a password change also revokes the user's app sessions, grants and tokens, and no one else's", async () => {
    const { user } = await signedInTwice();
    const bystander = await f.user();
    const appRows = await signedInToAnApp(user.id);
    const bystanderRows = await signedInToAnApp(bystander.id);
    // Provider state that names no account (a pending sign-in, a client's own token) stays.
    await t.db().oidcModel.create({
      data: { model: "Interaction", id: `pending-${user.id}`, payload: { uid: "pending" } },
    });
    expect(await appRows()).toBe(5);
    await updateUser(t.ctx(), { id: user.id, name: "Renamed only" });
    expect(await appRows()).toBe(5);
    await updateUser(t.ctx(), { id: user.id, password: "another-new-password" });
    expect(await appRows()).toBe(0);
    expect(await bystanderRows()).toBe(5);
    expect(
      await t.db().oidcModel.count({ where: { model: "Interaction", id: `pending-${user.id}` } }),
    ).toBe(1);
  });

  it("suspension revokes the app sessions too; a console role change or removal keeps them", async () => {
    await anotherAdmin();
    const member = await signedInTwice("collaborator");
    const appRows = await signedInToAnApp(member.user.id);
    // The console role says what the user may do in the console, not in applications.
    await setConsoleMemberRole(t.ctx(), { userId: member.user.id, role: "admin" });
    await removeConsoleMember(t.ctx(), { userId: member.user.id });
    expect(await userOf(member.first)).toBeNull();
    expect(await appRows()).toBe(5);
    await setUserSuspended(t.ctx(), { id: member.user.id, isSuspended: true });
    expect(await appRows()).toBe(0);
  });

  it("a profile change without a password keeps the sessions", async () => {
    const { first } = await signedInTwice();
    const { user } = await signedInTwice();
    await updateUser(t.ctx(), { id: user.id, name: "Renamed" });
    expect(await userOf(first)).not.toBeNull();
    expect(await t.db().consoleSession.count({ where: { userId: user.id } })).toBe(2);
  });

  it("suspension ends the sessions; lifting it does not bring them back", async () => {
    const { user, first } = await signedInTwice();
    await setUserSuspended(t.ctx(), { id: user.id, isSuspended: true });
    expect(await t.db().consoleSession.count({ where: { userId: user.id } })).toBe(0);
    await setUserSuspended(t.ctx(), { id: user.id, isSuspended: false });
    expect(await userOf(first)).toBeNull();
  });

  it("a console role change or removal ends the sessions; setting the same role keeps them", async () => {
    await anotherAdmin();
    const promoted = await signedInTwice("collaborator");
    await setConsoleMemberRole(t.ctx(), { userId: promoted.user.id, role: "collaborator" });
    expect(await userOf(promoted.first)).not.toBeNull();
    await setConsoleMemberRole(t.ctx(), { userId: promoted.user.id, role: "admin" });
    expect(await userOf(promoted.first)).toBeNull();
    expect(await userOf(promoted.second)).toBeNull();

    const demoted = await signedInTwice("admin");
    await setConsoleMemberRole(t.ctx(), { userId: demoted.user.id, role: "collaborator" });
    expect(await userOf(demoted.first)).toBeNull();

    const removed = await signedInTwice("collaborator");
    await removeConsoleMember(t.ctx(), { userId: removed.user.id });
    expect(await userOf(removed.first)).toBeNull();
    expect(await userOf(removed.second)).toBeNull();
  });

  it("a refused change leaves the sessions alone (same transaction)", async () => {
    // The only active admin cannot be demoted: the refusal rolls back the session deletion too.
    await t
      .db()
      .consoleMember.updateMany({ where: { role: "admin" }, data: { role: "collaborator" } });
    const { user, first } = await signedInTwice("admin");
    await expectCode(
      setConsoleMemberRole(t.ctx(), { userId: user.id, role: "collaborator" }),
      "console_member.last_admin",
    );
    expect(await userOf(first)).not.toBeNull();
    await anotherAdmin();
  });

  it("deleting the user deletes the sessions", async () => {
    await anotherAdmin();
    const { user, first } = await signedInTwice();
    const appRows = await signedInToAnApp(user.id);
    await deleteUser(t.ctx(), { id: user.id });
    expect(await userOf(first)).toBeNull();
    expect(await t.db().consoleSession.count({ where: { userId: user.id } })).toBe(0);
    expect(await appRows()).toBe(0);
  });
});
