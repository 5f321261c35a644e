import { consoleMember as consoleMemberSchema } from "@guildhall/validators";
import { describe, expect, it } from "vitest";
import type { ServiceContext } from "../context.ts";
import { expectCode, fixtures } from "../members/test-fixtures.ts";
import { useTestDatabase } from "../test-utils.ts";
import { deleteUser } from "../users/delete-user.ts";
import { setUserSuspended } from "../users/set-user-suspended.ts";
import { assertKeepsAnActiveAdmin } from "./last-admin.ts";
import { listConsoleMembers, removeConsoleMember, setConsoleMemberRole } from "./index.ts";

const t = useTestDatabase();
const f = fixtures(t.db);
const collaborator = () =>
  t.ctx({ actor: { type: "console", userId: "collab", role: "collaborator" } });
const endUser = () => t.ctx({ actor: { type: "user", userId: "someone" } });

async function roleOf(userId: string) {
  return (await t.db().consoleMember.findUnique({ where: { userId } }))?.role ?? null;
}

/** Leaves exactly the given users as console admins (each test starts from its own team). */
async function resetTeam(admins: string[]) {
  await t.db().consoleMember.deleteMany({});
  await t.db().consoleMember.createMany({
    data: admins.map((userId) => ({ userId, role: "admin" as const })),
  });
}

describe("console members", () => {
  it("makes existing users admins or collaborators, changes roles, lists and removes", async () => {
    const [a, b] = [await f.user({ name: "Ada" }), await f.user()];
    await resetTeam([a.id]);
    const added = await setConsoleMemberRole(t.ctx(), { userId: b.id, role: "collaborator" });
    expect(consoleMemberSchema.strict().parse(added)).toEqual(added);
    expect(added).toMatchObject({ userId: b.id, email: b.email, name: null, role: "collaborator" });

    const promoted = await setConsoleMemberRole(t.ctx(), { userId: b.id, role: "admin" });
    expect(promoted.role).toBe("admin");
    expect(promoted.createdAt).toEqual(added.createdAt);
    // Setting the same role again is a no-op (and not audited).
    await setConsoleMemberRole(t.ctx(), { userId: b.id, role: "admin" });
    const audit = await t
      .db()
      .auditLog.findMany({ where: { targetId: b.id, action: "console_member.role_set" } });
    expect(audit.map((e) => e.data)).toEqual([
      { role: "collaborator", previousRole: null },
      { role: "admin", previousRole: "collaborator" },
    ]);

    const list = await listConsoleMembers(t.ctx());
    expect(list.map((m) => [m.userId, m.role])).toEqual([
      [a.id, "admin"],
      [b.id, "admin"],
    ]);
    expect(list[0]).toMatchObject({ email: a.email, name: "Ada" });

    await removeConsoleMember(t.ctx(), { userId: b.id });
    expect(await roleOf(b.id)).toBeNull();
    // The user stays.
    expect(await t.db().user.count({ where: { id: b.id } })).toBe(1);
    expect(
      await t.db().auditLog.count({ where: { targetId: b.id, action: "console_member.removed" } }),
    ).toBe(1);

    await expectCode(removeConsoleMember(t.ctx(), { userId: b.id }), "console_member.not_found");
    await expectCode(
      setConsoleMemberRole(t.ctx(), { userId: "ghost", role: "admin" }),
      "user.not_found",
    );
    await expectCode(
      setConsoleMemberRole(t.ctx(), { userId: b.id, role: "owner" as "admin" }),
      "guard.invalid_input",
    );
  });

  it("is for console admins only", async () => {
    const [a, b] = [await f.user(), await f.user()];
    await resetTeam([a.id]);
    for (const ctx of [collaborator(), endUser()]) {
      await expectCode(listConsoleMembers(ctx), "auth.forbidden");
      await expectCode(
        setConsoleMemberRole(ctx, { userId: b.id, role: "admin" }),
        "auth.forbidden",
      );
      await expectCode(removeConsoleMember(ctx, { userId: a.id }), "auth.forbidden");
    }
    expect(await roleOf(b.id)).toBeNull();
    expect(await roleOf(a.id)).toBe("admin");
  });

  it("never demotes or removes the last admin", async () => {
    const [a, b] = [await f.user(), await f.user()];
    await resetTeam([a.id]);
    await expectCode(
      setConsoleMemberRole(t.ctx(), { userId: a.id, role: "collaborator" }),
      "console_member.last_admin",
    );
    await expectCode(removeConsoleMember(t.ctx(), { userId: a.id }), "console_member.last_admin");
    expect(await roleOf(a.id)).toBe("admin");

    // With a second admin, the first can step down; then the second is the last.
    await setConsoleMemberRole(t.ctx(), { userId: b.id, role: "admin" });
    await setConsoleMemberRole(t.ctx(), { userId: a.id, role: "collaborator" });
    await expectCode(removeConsoleMember(t.ctx(), { userId: b.id }), "console_member.last_admin");
    // Collaborators come and go freely.
    await removeConsoleMember(t.ctx(), { userId: a.id });
  });

  it("does not count a suspended admin as the one who remains", async () => {
    const [a, b] = [await f.user(), await f.user()];
    await resetTeam([a.id, b.id]);
    await setUserSuspended(t.ctx(), { id: b.id, isSuspended: true });
    await expectCode(
      setConsoleMemberRole(t.ctx(), { userId: a.id, role: "collaborator" }),
      "console_member.last_admin",
    );
    // Removing the suspended admin is fine: an active one remains.
    await removeConsoleMember(t.ctx(), { userId: b.id });
  });

  it("lets only one of two concurrent demotions through", async () => {
    const [a, b] = [await f.user(), await f.user()];
    await resetTeam([a.id, b.id]);
    const results = await Promise.allSettled([
      setConsoleMemberRole(t.ctx(), { userId: a.id, role: "collaborator" }),
      setConsoleMemberRole(t.ctx(), { userId: b.id, role: "collaborator" }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const rejected = results.find((r) => r.status === "rejected");
    expect((rejected?.reason as { code: string }).code).toBe("console_member.last_admin");
    expect(await t.db().consoleMember.count({ where: { role: "admin" } })).toBe(1);
  });

  it("makes a demotion wait for one in flight, then sees its result", async () => {
    // Deterministic version of the race: transaction A holds the admin lock and demotes
    // `a` only after B (demoting `b`) has been started and is waiting for that lock.
    const [a, b] = [await f.user(), await f.user()];
    await resetTeam([a.id, b.id]);
    let startB!: () => void;
    const bMayStart = new Promise<void>((resolve) => (startB = resolve));
    const first = t.db().$transaction(async (tx) => {
      await assertKeepsAnActiveAdmin(tx, a.id);
      startB();
      await new Promise((resolve) => setTimeout(resolve, 300));
      await tx.consoleMember.update({ where: { userId: a.id }, data: { role: "collaborator" } });
    });
    await bMayStart;
    // Attach the expectation at once: B may be refused before A's promise settles.
    const bRefused = expectCode(
      setConsoleMemberRole(t.ctx(), { userId: b.id, role: "collaborator" }),
      "console_member.last_admin",
    );
    await first;
    await bRefused;
    expect(await roleOf(a.id)).toBe("collaborator");
    expect(await roleOf(b.id)).toBe("admin");
  });

  it("holds against a concurrent suspension and demotion, and against deleting both admins", async () => {
    const [a, b] = [await f.user(), await f.user()];
    await resetTeam([a.id, b.id]);
    const ctx: ServiceContext = t.ctx();
    const mixed = await Promise.allSettled([
      setUserSuspended(ctx, { id: a.id, isSuspended: true }),
      setConsoleMemberRole(ctx, { userId: b.id, role: "collaborator" }),
    ]);
    expect(mixed.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);

    const [c, d] = [await f.user(), await f.user()];
    await resetTeam([c.id, d.id]);
    const deletions = await Promise.allSettled([
      deleteUser(ctx, { id: c.id }),
      deleteUser(ctx, { id: d.id }),
    ]);
    expect(deletions.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(await t.db().consoleMember.count({ where: { role: "admin" } })).toBe(1);
  });
});
