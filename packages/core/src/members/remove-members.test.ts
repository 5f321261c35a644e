// `removeMembers`: the members list's bulk remove, all or nothing, authorized in core.
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../test-utils.ts";
import { assignRolesToMembers, removeMembers } from "./index.ts";
import { expectCode, fixtures, memberRows, sorted } from "./test-fixtures.ts";

const t = useTestDatabase();
const f = fixtures(t.db);
const { memberIds, roleIdsOf } = memberRows(t.db);

describe("removing several members at once", () => {
  it("removes them and their roles there, with one audit entry; other memberships stay", async () => {
    const [org, other] = [await f.organization(), await f.organization()];
    const [a, b, c] = [await f.user(), await f.user(), await f.user()];
    const role = await f.role();
    for (const u of [a, b, c]) await f.member(org.id, u.id, [role.id]);
    await f.member(other.id, a.id, [role.id]);

    // A repeated id counts once.
    const result = await removeMembers(t.ctx(), {
      organizationId: org.id,
      userIds: [a.id, b.id, a.id],
    });
    expect(result).toEqual({ removed: 2 });
    expect(await memberIds(org.id)).toEqual([c.id]);
    expect(await roleIdsOf(org.id, a.id)).toEqual([]);
    expect(await roleIdsOf(other.id, a.id)).toEqual([role.id]);
    expect(await t.db().user.count({ where: { id: { in: [a.id, b.id] } } })).toBe(2);
    const audit = await t.db().auditLog.findMany({
      where: { organizationId: org.id, action: "member.bulk_removed" },
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorType: "console",
      actorId: "test-admin",
      targetType: "organization",
      targetId: org.id,
      data: { userIds: [a.id, b.id] },
    });
  });

  it("removes nobody when one of them is not a member, and names the non-members", async () => {
    const org = await f.organization();
    const [a, b, outsider] = [await f.user(), await f.user(), await f.user()];
    await f.member(org.id, a.id);
    await f.member(org.id, b.id);

    const error = await expectCode(
      removeMembers(t.ctx(), { organizationId: org.id, userIds: [a.id, outsider.id, b.id] }),
      "member.not_found",
    );
    expect(error.data).toMatchObject({ organizationId: org.id, userIds: [outsider.id] });
    expect(await memberIds(org.id)).toEqual(sorted([a.id, b.id]));
    expect(
      await t
        .db()
        .auditLog.count({ where: { organizationId: org.id, action: "member.bulk_removed" } }),
    ).toBe(0);

    await expectCode(
      removeMembers(t.ctx(), { organizationId: "no-such-org", userIds: [a.id] }),
      "organization.not_found",
    );
    await expectCode(
      removeMembers(t.ctx(), { organizationId: org.id, userIds: [] }),
      "guard.invalid_input",
    );
    expect(await memberIds(org.id)).toEqual(sorted([a.id, b.id]));
  });

  it("forbids end users; collaborators and the Management API may", async () => {
    const org = await f.organization();
    const [a, b, c] = [await f.user(), await f.user(), await f.user()];
    const role = await f.role();
    for (const u of [a, b, c]) await f.member(org.id, u.id);
    const endUser = t.ctx({ actor: { type: "user", userId: a.id } });

    await expectCode(
      removeMembers(endUser, { organizationId: org.id, userIds: [b.id] }),
      "auth.forbidden",
    );
    await expectCode(
      assignRolesToMembers(endUser, {
        organizationId: org.id,
        userIds: [b.id],
        organizationRoleIds: [role.id],
      }),
      "auth.forbidden",
    );
    expect(await memberIds(org.id)).toEqual(sorted([a.id, b.id, c.id]));
    expect(await roleIdsOf(org.id, b.id)).toEqual([]);

    const collaborator = t.ctx({
      actor: { type: "console", userId: "collab", role: "collaborator" },
    });
    await assignRolesToMembers(collaborator, {
      organizationId: org.id,
      userIds: [b.id, c.id],
      organizationRoleIds: [role.id],
    });
    expect(await roleIdsOf(org.id, c.id)).toEqual([role.id]);
    await removeMembers(collaborator, { organizationId: org.id, userIds: [b.id] });
    await removeMembers(t.ctx({ actor: { type: "management_api", clientId: "m2m" } }), {
      organizationId: org.id,
      userIds: [c.id],
    });
    expect(await memberIds(org.id)).toEqual([a.id]);
  });
});
