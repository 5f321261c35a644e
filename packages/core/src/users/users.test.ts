import { user as userSchema, userOrganization } from "@guildhall/validators";
import { describe, expect, it } from "vitest";
import { verifyPassword } from "../auth/password.ts";
import { expectCode, fixtures } from "../members/test-fixtures.ts";
import { unique, useTestDatabase } from "../test-utils.ts";
import {
  createUser,
  deleteUser,
  getUser,
  getUserOrganizations,
  listUsers,
  setUserSuspended,
  updateUser,
} from "./index.ts";

const t = useTestDatabase();
const f = fixtures(t.db);
const endUser = () => t.ctx({ actor: { type: "user", userId: "someone" } });

describe("users", () => {
  it("creates a user with a lower-cased email and a scrypt hash, and never returns the hash", async () => {
    const local = unique("Mixed");
    const created = await createUser(t.ctx(), {
      email: `  ${local}@Example.COM `,
      name: "Ada",
      password: "a-long-password",
      emailVerified: true,
      customData: { plan: "pro" },
    });
    expect(userSchema.strict().parse(created)).toEqual(created);
    expect(created).toMatchObject({
      email: `${local.toLowerCase()}@example.com`,
      name: "Ada",
      avatarUrl: null,
      emailVerified: true,
      mfaEnabled: false,
      isSuspended: false,
      customData: { plan: "pro" },
      lastSignInAt: null,
    });
    expect(created).not.toHaveProperty("passwordHash");
    const row = await t.db().user.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.passwordHash).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[\w-]+\$[\w-]+$/);
    expect(await verifyPassword("a-long-password", row.passwordHash ?? "")).toBe(true);
    expect(await getUser(t.ctx(), { id: created.id })).toEqual(created);

    const audit = await t
      .db()
      .auditLog.findFirst({ where: { targetId: created.id, action: "user.created" } });
    expect(audit).toMatchObject({ actorType: "console", actorId: "test-admin" });
    expect(JSON.stringify(audit?.data)).not.toContain("a-long-password");
  });

  it("treats emails case-insensitively: A@x.com and a@x.com are the same", async () => {
    const local = unique("case");
    await createUser(t.ctx(), { email: `${local.toUpperCase()}@X.com` });
    const error = await expectCode(
      createUser(t.ctx(), { email: `${local}@x.com` }),
      "user.email_taken",
    );
    expect(error.data).toEqual({ email: `${local}@x.com` });
    const other = await createUser(t.ctx(), { email: `${unique("other")}@x.com` });
    await expectCode(
      updateUser(t.ctx(), { id: other.id, email: `${local.toUpperCase()}@x.COM` }),
      "user.email_taken",
    );
  });

  it("validates input", async () => {
    await expectCode(createUser(t.ctx(), { email: "not-an-email" }), "guard.invalid_input");
    await expectCode(
      createUser(t.ctx(), { email: "a@example.com", password: "short" }),
      "guard.invalid_input",
    );
    await expectCode(
      createUser(t.ctx(), { email: "a@example.com", avatarUrl: "nope" }),
      "guard.invalid_input",
    );
    await expectCode(getUser(t.ctx(), { id: "" }), "guard.invalid_input");
  });

  it("updates fields, keeps omitted ones, and can clear with null", async () => {
    const u = await createUser(t.ctx(), {
      email: `${unique("upd")}@example.com`,
      name: "Before",
      avatarUrl: "https://example.com/a.png",
      emailVerified: true,
    });
    const updated = await updateUser(t.ctx(), {
      id: u.id,
      name: "After",
      avatarUrl: null,
      customData: { a: 1 },
    });
    expect(updated).toMatchObject({
      email: u.email,
      name: "After",
      avatarUrl: null,
      emailVerified: true,
      customData: { a: 1 },
    });
    expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(u.updatedAt.getTime());

    // A new email starts unverified unless said otherwise.
    const movedEmail = `${unique("moved")}@example.com`;
    const moved = await updateUser(t.ctx(), { id: u.id, email: movedEmail });
    expect(moved.emailVerified).toBe(false);
    const verified = await updateUser(t.ctx(), { id: u.id, emailVerified: true });
    expect(verified.emailVerified).toBe(true);
    // Same email again (any case) is not a change and not a conflict.
    const same = await updateUser(t.ctx(), { id: u.id, email: movedEmail.toUpperCase() });
    expect(same.emailVerified).toBe(true);

    await updateUser(t.ctx(), { id: u.id, password: "new-password-1" });
    const row = await t.db().user.findUniqueOrThrow({ where: { id: u.id } });
    expect(await verifyPassword("new-password-1", row.passwordHash ?? "")).toBe(true);

    const audit = await t
      .db()
      .auditLog.findMany({ where: { targetId: u.id, action: "user.updated" } });
    expect(audit).toHaveLength(5);
    expect(JSON.stringify(audit.map((a) => a.data))).not.toContain("new-password-1");

    await expectCode(updateUser(t.ctx(), { id: "missing", name: "x" }), "user.not_found");
  });

  it("lists newest first with case-insensitive search on email, name and id, and pagination", async () => {
    const tag = unique("Findme");
    const made = [];
    for (let i = 0; i < 3; i++) {
      made.push(await createUser(t.ctx(), { email: `${tag}-${i}@example.com`.toLowerCase() }));
    }
    const byName = await createUser(t.ctx(), {
      email: `${unique("n")}@example.com`,
      name: `Named ${tag}`,
    });
    const all = await listUsers(t.ctx(), { q: tag.toUpperCase() });
    expect(all.total).toBe(4);
    expect(all.items.map((u) => u.id)).toEqual([byName.id, made[2]?.id, made[1]?.id, made[0]?.id]);
    const page2 = await listUsers(t.ctx(), { q: tag, page: 2, pageSize: 3 });
    expect(page2).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(page2.items.map((u) => u.id)).toEqual([made[0]?.id]);
    const byId = await listUsers(t.ctx(), { q: made[1]?.id });
    expect(byId.items.map((u) => u.id)).toEqual([made[1]?.id]);
    expect((await listUsers(t.ctx(), { q: unique("nobody") })).total).toBe(0);
    expect((await listUsers(t.ctx())).total).toBeGreaterThanOrEqual(4);
    await expectCode(listUsers(t.ctx(), { pageSize: 101 }), "guard.invalid_input");
  });

  it("suspends and restores a user", async () => {
    const u = await createUser(t.ctx(), { email: `${unique("susp")}@example.com` });
    const frozen = new Date("2030-01-01T00:00:00Z");
    const suspended = await setUserSuspended(t.ctx({ now: () => frozen }), {
      id: u.id,
      isSuspended: true,
    });
    expect(suspended.isSuspended).toBe(true);
    expect((await t.db().user.findUniqueOrThrow({ where: { id: u.id } })).suspendedAt).toEqual(
      frozen,
    );
    // Suspending again changes nothing and records nothing.
    await setUserSuspended(t.ctx(), { id: u.id, isSuspended: true });
    expect((await t.db().user.findUniqueOrThrow({ where: { id: u.id } })).suspendedAt).toEqual(
      frozen,
    );
    expect((await setUserSuspended(t.ctx(), { id: u.id, isSuspended: false })).isSuspended).toBe(
      false,
    );
    const actions = await t
      .db()
      .auditLog.findMany({ where: { targetId: u.id }, orderBy: { createdAt: "asc" } });
    expect(actions.map((a) => a.action)).toEqual([
      "user.created",
      "user.suspended",
      "user.unsuspended",
    ]);
    await expectCode(
      setUserSuspended(t.ctx(), { id: "missing", isSuspended: true }),
      "user.not_found",
    );
  });

  it("deletes a user with their memberships, member roles and console access", async () => {
    const u = await createUser(t.ctx(), { email: `${unique("del")}@example.com` });
    const org = await f.organization();
    const role = await f.role();
    await f.member(org.id, u.id, [role.id]);
    await t.db().consoleMember.create({ data: { userId: u.id, role: "collaborator" } });

    await deleteUser(t.ctx(), { id: u.id });
    await expectCode(getUser(t.ctx(), { id: u.id }), "user.not_found");
    expect(await t.db().organizationMember.count({ where: { userId: u.id } })).toBe(0);
    expect(await t.db().organizationMemberRole.count({ where: { userId: u.id } })).toBe(0);
    expect(await t.db().consoleMember.count({ where: { userId: u.id } })).toBe(0);
    // The organization and role are untouched.
    expect(await t.db().organizationRole.count({ where: { id: role.id } })).toBe(1);
    expect(await t.db().auditLog.count({ where: { targetId: u.id, action: "user.deleted" } })).toBe(
      1,
    );
    await expectCode(deleteUser(t.ctx(), { id: u.id }), "user.not_found");
  });

  it("will not delete or suspend the last active console admin", async () => {
    const admin = await createUser(t.ctx(), { email: `${unique("admin")}@example.com` });
    await t.db().consoleMember.create({ data: { userId: admin.id, role: "admin" } });
    await expectCode(deleteUser(t.ctx(), { id: admin.id }), "console_member.last_admin");
    await expectCode(
      setUserSuspended(t.ctx(), { id: admin.id, isSuspended: true }),
      "console_member.last_admin",
    );
    // With a second active admin, both are allowed.
    const second = await createUser(t.ctx(), { email: `${unique("admin")}@example.com` });
    await t.db().consoleMember.create({ data: { userId: second.id, role: "admin" } });
    await setUserSuspended(t.ctx(), { id: admin.id, isSuspended: true });
    // Now `second` is the only active admin.
    await expectCode(deleteUser(t.ctx(), { id: second.id }), "console_member.last_admin");
    await deleteUser(t.ctx(), { id: admin.id });
    await t.db().consoleMember.delete({ where: { userId: second.id } });
  });

  it("lists a user's organizations with their roles in each", async () => {
    const u = await createUser(t.ctx(), { email: `${unique("orgs")}@example.com` });
    const [a, b, c] = [await f.organization(), await f.organization(), await f.organization()];
    const admin = await f.role();
    const viewer = await f.role();
    await f.member(b.id, u.id, [], new Date("2030-01-02T00:00:00Z"));
    await f.member(a.id, u.id, [admin.id, viewer.id], new Date("2030-01-01T00:00:00Z"));
    // An organization the user is not in, where someone else holds a role.
    const other = await f.user();
    await f.member(c.id, other.id, [admin.id]);

    const orgs = await getUserOrganizations(t.ctx(), { id: u.id });
    expect(orgs.map((o) => userOrganization.strict().parse(o))).toEqual(orgs);
    expect(orgs.map((o) => o.id)).toEqual([a.id, b.id]);
    expect(orgs[0]?.organizationRoles).toEqual(
      [admin, viewer]
        .map((r) => ({ id: r.id, name: r.name }))
        .sort((x, y) => x.name.localeCompare(y.name)),
    );
    expect(orgs[1]?.organizationRoles).toEqual([]);
    expect(orgs[0]).toMatchObject({ name: a.name, description: null });
    expect(await getUserOrganizations(t.ctx(), { id: other.id })).toHaveLength(1);
    await expectCode(getUserOrganizations(t.ctx(), { id: "missing" }), "user.not_found");
  });

  it("is not available to end users", async () => {
    const u = await f.user();
    await expectCode(
      createUser(endUser(), { email: `${unique("x")}@example.com` }),
      "auth.forbidden",
    );
    await expectCode(listUsers(endUser()), "auth.forbidden");
    await expectCode(getUser(endUser(), { id: u.id }), "auth.forbidden");
    await expectCode(updateUser(endUser(), { id: u.id, name: "x" }), "auth.forbidden");
    await expectCode(deleteUser(endUser(), { id: u.id }), "auth.forbidden");
    await expectCode(
      setUserSuspended(endUser(), { id: u.id, isSuspended: true }),
      "auth.forbidden",
    );
    await expectCode(getUserOrganizations(endUser(), { id: u.id }), "auth.forbidden");
    // Collaborators and the Management API manage users.
    const collaborator = t.ctx({ actor: { type: "console", userId: "c", role: "collaborator" } });
    expect((await getUser(collaborator, { id: u.id })).id).toBe(u.id);
    const api = t.ctx({ actor: { type: "management_api", clientId: "m2m" } });
    await updateUser(api, { id: u.id, name: "By API" });
    expect(
      await t.db().auditLog.findFirst({ where: { targetId: u.id, action: "user.updated" } }),
    ).toMatchObject({
      actorType: "management_api",
      actorId: "m2m",
    });
  });
});
