// `deleteUsers`: the users list's bulk delete, all or nothing, with deleteUser's rules for each.
import { describe, expect, it } from "vitest";
import { expectCode, fixtures } from "../members/test-fixtures.ts";
import { useTestDatabase } from "../test-utils.ts";
import { deleteUsers } from "./index.ts";

const t = useTestDatabase();
const f = fixtures(t.db);
const collaborator = () =>
  t.ctx({ actor: { type: "console", userId: "collab", role: "collaborator" } });

const remaining = (ids: string[]) => t.db().user.count({ where: { id: { in: ids } } });

/** An OIDC session and refresh token naming the user, as the provider stores them. */
async function signedInToAnApp(userId: string) {
  const suffix = Math.random().toString(36).slice(2);
  await t.db().oidcModel.createMany({
    data: ["Session", "RefreshToken"].map((model) => ({
      model,
      id: `${model}-${suffix}`,
      payload: { accountId: userId, clientId: "app", kind: model },
      expiresAt: new Date(Date.now() + 3_600_000),
    })),
  });
  return () =>
    t.db().oidcModel.count({ where: { payload: { path: ["accountId"], equals: userId } } });
}

async function consoleAdmin() {
  const u = await f.user();
  await t.db().consoleMember.create({ data: { userId: u.id, role: "admin" } });
  return u;
}

describe("deleting several users at once", () => {
  it("deletes them with their memberships and app sessions, one audit entry each", async () => {
    const [a, b, bystander] = [await f.user(), await f.user(), await f.user()];
    const org = await f.organization();
    const role = await f.role();
    await f.member(org.id, a.id, [role.id]);
    await f.member(org.id, bystander.id, [role.id]);
    const sessionsOfA = await signedInToAnApp(a.id);
    const sessionsOfBystander = await signedInToAnApp(bystander.id);

    expect(await deleteUsers(t.ctx(), { ids: [a.id, b.id, a.id] })).toEqual({ deleted: 2 });
    expect(await remaining([a.id, b.id])).toBe(0);
    expect(await t.db().organizationMember.count({ where: { userId: a.id } })).toBe(0);
    expect(await sessionsOfA()).toBe(0);
    expect(await sessionsOfBystander()).toBe(2);
    expect(await t.db().organizationMember.count({ where: { userId: bystander.id } })).toBe(1);
    const audit = await t.db().auditLog.findMany({
      where: { action: "user.deleted", targetId: { in: [a.id, b.id] } },
      orderBy: { targetId: "asc" },
    });
    expect(audit.map((e) => e.targetId)).toEqual([a.id, b.id].sort());
    expect(audit[0]).toMatchObject({ actorType: "console", targetType: "user" });
  });

  it("deletes nobody when one id is unknown", async () => {
    const [a, b] = [await f.user(), await f.user()];
    const error = await expectCode(
      deleteUsers(t.ctx(), { ids: [a.id, "no-such-user", b.id] }),
      "user.not_found",
    );
    expect(error.data).toEqual({ id: "no-such-user" });
    await expectCode(deleteUsers(t.ctx(), { ids: [a.id, "x1", "x2"] }), "user.not_found");
    expect(await remaining([a.id, b.id])).toBe(2);
    await expectCode(deleteUsers(t.ctx(), { ids: [] }), "guard.invalid_input");
  });

  it("refuses a collaborator a selection holding a console admin, and deletes nobody", async () => {
    const admin = await consoleAdmin();
    const plain = await f.user();
    await expectCode(deleteUsers(collaborator(), { ids: [plain.id, admin.id] }), "auth.forbidden");
    expect(await remaining([plain.id, admin.id])).toBe(2);
    await expectCode(
      deleteUsers(t.ctx({ actor: { type: "user", userId: plain.id } }), { ids: [plain.id] }),
      "auth.forbidden",
    );
    expect(await remaining([plain.id])).toBe(1);
    // Collaborators may delete accounts that are not admins'.
    await deleteUsers(collaborator(), { ids: [plain.id] });
    expect(await remaining([plain.id])).toBe(0);
    await t.db().consoleMember.delete({ where: { userId: admin.id } });
  });

  it("keeps an active console admin: a selection of every active admin is refused", async () => {
    const [first, second] = [await consoleAdmin(), await consoleAdmin()];
    // Admins of other tests of this file are gone; these two are the only ones.
    await t.db().consoleMember.deleteMany({
      where: { role: "admin", userId: { notIn: [first.id, second.id] } },
    });
    const error = await expectCode(
      deleteUsers(t.ctx(), { ids: [first.id, second.id] }),
      "console_member.last_admin",
    );
    expect([first.id, second.id]).toContain(error.data?.userId);
    expect(await remaining([first.id, second.id])).toBe(2);
    // One of the two may go: the other stays an active admin.
    await deleteUsers(t.ctx(), { ids: [first.id] });
    expect(await remaining([first.id, second.id])).toBe(1);
  });
});
