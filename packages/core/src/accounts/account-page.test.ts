import type { Db } from "@guildhall/db";
import { describe, expect, it } from "vitest";
import { BUILT_IN_PERMISSIONS } from "@guildhall/validators";
import { verifyPassword } from "../auth/password.ts";
import { consoleSessionId } from "../console-sessions/create-console-session.ts";
import { fixtures } from "../members/test-fixtures.ts";
import { expectDomainError, useTestDatabase } from "../test-utils.ts";
import {
  changeOwnPassword,
  confirmEmailChange,
  endOwnOtherSessions,
  endOwnSession,
  leaveOrganization,
  listOwnSessions,
  requestEmailChange,
  updateOwnProfile,
} from "./index.ts";
import {
  flowOptions,
  lastEmail,
  OTHER_STRONG_PASSWORD,
  signedInEverywhere,
  STRONG_PASSWORD,
  testClock,
  uniqueEmail,
  userWithPassword,
} from "./test-kit.ts";

const t = useTestDatabase();
const f = fixtures(t.db);
const as = (userId: string) => t.ctx({ actor: { type: "user", userId } });

describe("change own password", () => {
  it("needs the current password, keeps the current session and ends every other one", async () => {
    const user = await userWithPassword(t.db());
    const sessions = await signedInEverywhere(t.db(), user.id);
    const opts = { keepSessionToken: sessions.first.token };
    await expectDomainError(
      changeOwnPassword(
        as(user.id),
        { currentPassword: "wrong-one", newPassword: OTHER_STRONG_PASSWORD },
        opts,
      ),
      "password.incorrect",
    );
    expect(await sessions.consoleSessionIds()).toHaveLength(2);
    await expectDomainError(
      changeOwnPassword(
        as(user.id),
        { currentPassword: STRONG_PASSWORD, newPassword: "short" },
        opts,
      ),
      "password.rejected",
    );
    await changeOwnPassword(
      as(user.id),
      { currentPassword: STRONG_PASSWORD, newPassword: OTHER_STRONG_PASSWORD },
      opts,
    );
    const after = await t.db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(OTHER_STRONG_PASSWORD, after.passwordHash ?? "")).toBe(true);
    expect(await sessions.consoleSessionIds()).toEqual([sessions.first.id]);
    expect(await sessions.oidcRows()).toBe(0);
    expect(
      await t
        .db()
        .auditLog.count({ where: { targetId: user.id, action: "user.password_changed" } }),
    ).toBe(1);
  });

  it("throttles wrong current passwords per account", async () => {
    const user = await userWithPassword(t.db());
    const clock = testClock();
    const attempt = () =>
      changeOwnPassword(
        as(user.id),
        { currentPassword: "not-it", newPassword: OTHER_STRONG_PASSWORD },
        { now: clock.now },
      );
    for (let i = 0; i < 5; i++) await expectDomainError(attempt(), "password.incorrect");
    await expectDomainError(attempt(), "rate_limited");
  });

  it("says when there is no password to change", async () => {
    const user = await f.user();
    await expectDomainError(
      changeOwnPassword(as(user.id), { currentPassword: "x", newPassword: OTHER_STRONG_PASSWORD }),
      "password.not_set",
    );
    // Only for one's own account.
    await expectDomainError(
      changeOwnPassword(t.ctx({ actor: { type: "management_api", clientId: "m" } }), {
        currentPassword: "x",
        newPassword: OTHER_STRONG_PASSWORD,
      }),
      "auth.forbidden",
    );
  });
});

describe("change email", () => {
  it("sends a code to the new address; confirming makes it the verified email", async () => {
    const clock = testClock();
    const opts = flowOptions(clock);
    const user = await userWithPassword(t.db(), STRONG_PASSWORD, false);
    const newEmail = uniqueEmail("moved");
    await requestEmailChange(as(user.id), { newEmail: newEmail.toUpperCase() }, opts);
    const { code } = await lastEmail(t.db(), newEmail, "email-change");
    expect(code).toMatch(/^\d{6}$/);
    // The address only changes on confirmation.
    expect((await t.db().user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(
      user.email,
    );
    await expectDomainError(
      confirmEmailChange(as(user.id), { code: code === "000000" ? "000001" : "000000" }, opts),
      "code.invalid",
    );
    // Another user cannot use the code.
    const other = await userWithPassword(t.db());
    await expectDomainError(
      confirmEmailChange(as(other.id), { code: code ?? "" }, opts),
      "code.invalid",
    );
    expect(await confirmEmailChange(as(user.id), { code: code ?? "" }, opts)).toEqual({
      email: newEmail,
    });
    const after = await t.db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after).toMatchObject({ email: newEmail, emailVerifiedAt: clock.now() });
    await expectDomainError(
      confirmEmailChange(as(user.id), { code: code ?? "" }, opts),
      "code.invalid",
    );
  });

  it("refuses on confirmation when the address was taken meanwhile; resends are limited", async () => {
    const clock = testClock();
    const opts = flowOptions(clock);
    const user = await userWithPassword(t.db());
    const wanted = uniqueEmail("wanted");
    await requestEmailChange(as(user.id), { newEmail: wanted }, opts);
    await expectDomainError(
      requestEmailChange(as(user.id), { newEmail: wanted }, opts),
      "rate_limited",
    );
    const { code } = await lastEmail(t.db(), wanted, "email-change");
    await f.user({ email: wanted });
    await expectDomainError(
      confirmEmailChange(as(user.id), { code: code ?? "" }, opts),
      "user.email_taken",
    );
    expect((await t.db().user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(
      user.email,
    );
    await expectDomainError(
      requestEmailChange(as(user.id), { newEmail: user.email }, opts),
      "guard.invalid_input",
    );
  });
});

describe("own sessions and profile", () => {
  it("lists the user's sessions with the current one marked, and ends one or all others", async () => {
    const user = await userWithPassword(t.db());
    const sessions = await signedInEverywhere(t.db(), user.id);
    const third = await signedInEverywhere(t.db(), user.id);
    const listed = await listOwnSessions(as(user.id), { currentToken: sessions.first.token });
    expect(listed).toHaveLength(4);
    expect(listed.filter((s) => s.current).map((s) => s.id)).toEqual([
      consoleSessionId(sessions.first.token),
    ]);
    expect(listed.find((s) => s.current)).toMatchObject({
      userAgent: "Firefox",
      ip: "203.0.113.7",
    });

    // Someone else's session is as unknown as a made-up one.
    const stranger = await userWithPassword(t.db());
    await expectDomainError(
      endOwnSession(as(stranger.id), { sessionId: sessions.second.id }),
      "session.not_found",
    );
    await endOwnSession(as(user.id), { sessionId: third.first.id });
    expect(await sessions.consoleSessionIds()).toHaveLength(3);
    await endOwnOtherSessions(as(user.id), { currentToken: sessions.first.token });
    expect(await sessions.consoleSessionIds()).toEqual([sessions.first.id]);
    expect(await sessions.oidcRows()).toBe(0);
  });

  it("updates the user's own name and avatar", async () => {
    const user = await userWithPassword(t.db());
    await updateOwnProfile(as(user.id), {
      name: "Renamed",
      avatarUrl: "https://cdn.example.test/a.png",
    });
    expect(await t.db().user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({
      name: "Renamed",
      avatarUrl: "https://cdn.example.test/a.png",
    });
    await updateOwnProfile(as(user.id), { avatarUrl: null });
    expect(await t.db().user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({
      name: "Renamed",
      avatarUrl: null,
    });
    await expectDomainError(
      updateOwnProfile(as(user.id), { avatarUrl: "javascript:alert(1)" }),
      "guard.invalid_input",
    );
  });
});

// "Admin" is whatever holds guildhall:members:roles: who can still hand out roles.
async function adminRole(db: Db) {
  const permission = await db.organizationPermission.upsert({
    where: { name: BUILT_IN_PERMISSIONS.membersRoles },
    create: { name: BUILT_IN_PERMISSIONS.membersRoles },
    update: {},
  });
  return db.organizationRole.upsert({
    where: { name: "admin" },
    create: { name: "admin", permissions: { create: { permissionId: permission.id } } },
    update: {},
  });
}

describe("leave organization", () => {
  it("refuses the last admin while other members remain", async () => {
    const org = await f.organization();
    const admin = await adminRole(t.db());
    const [boss, member] = [await f.user(), await f.user()];
    await f.member(org.id, boss.id, [admin.id]);
    await f.member(org.id, member.id);
    const error = await expectDomainError(
      leaveOrganization(as(boss.id), { organizationId: org.id }),
      "organization.last_admin",
    );
    expect(error.status).toBe(409);
    expect(error.message).toMatch(/nobody holding guildhall:members:roles/);
    // A member without the role may leave; then the admin is alone and may leave too.
    await leaveOrganization(as(member.id), { organizationId: org.id });
    await leaveOrganization(as(boss.id), { organizationId: org.id });
    expect(await t.db().organizationMember.count({ where: { organizationId: org.id } })).toBe(0);
    expect(
      await t.db().auditLog.count({ where: { organizationId: org.id, action: "member.left" } }),
    ).toBe(2);
  });

  it("lets an admin leave when another admin stays; not-a-member and unknown organizations say so", async () => {
    const org = await f.organization();
    const admin = await adminRole(t.db());
    const [a, b] = [await f.user(), await f.user()];
    await f.member(org.id, a.id, [admin.id]);
    await f.member(org.id, b.id, [admin.id]);
    await leaveOrganization(as(a.id), { organizationId: org.id });
    await expectDomainError(
      leaveOrganization(as(a.id), { organizationId: org.id }),
      "member.not_found",
    );
    await expectDomainError(
      leaveOrganization(as(a.id), { organizationId: "no-such-org" }),
      "organization.not_found",
    );
  });

  it("two admins leaving at once: one of them must stay", async () => {
    const org = await f.organization();
    const admin = await adminRole(t.db());
    const [a, b, c] = [await f.user(), await f.user(), await f.user()];
    await f.member(org.id, a.id, [admin.id]);
    await f.member(org.id, b.id, [admin.id]);
    await f.member(org.id, c.id);
    const results = await Promise.allSettled([
      leaveOrganization(as(a.id), { organizationId: org.id }),
      leaveOrganization(as(b.id), { organizationId: org.id }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(
      await t
        .db()
        .organizationMemberRole.count({ where: { organizationId: org.id, roleId: admin.id } }),
    ).toBe(1);
  });
});
