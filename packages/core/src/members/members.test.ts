import {
  effectivePermission,
  member as memberSchema,
  organizationRole,
} from "@guildhall/validators";
import { describe, expect, it } from "vitest";
import { unique, useTestDatabase } from "../test-utils.ts";
import {
  addMembers,
  assignMemberRoles,
  assignRolesToMembers,
  getEffectivePermissions,
  getMemberPermissionNames,
  getMemberRoles,
  listMembers,
  removeMember,
  removeMemberRole,
  replaceMemberRoles,
  replaceMembers,
} from "./index.ts";
import { expectCode, fixtures } from "./test-fixtures.ts";

const t = useTestDatabase();
const f = fixtures(t.db);
const endUser = () => t.ctx({ actor: { type: "user", userId: "someone" } });

async function memberIds(organizationId: string) {
  const rows = await t
    .db()
    .organizationMember.findMany({ where: { organizationId }, orderBy: { userId: "asc" } });
  return rows.map((r) => r.userId);
}
async function roleIdsOf(organizationId: string, userId: string) {
  const rows = await t.db().organizationMemberRole.findMany({ where: { organizationId, userId } });
  return rows.map((r) => r.roleId).sort();
}
const sorted = (ids: string[]) => [...ids].sort();

describe("adding and removing members", () => {
  it("adds members idempotently, leaving existing members and their roles untouched", async () => {
    const org = await f.organization();
    const [a, b] = [await f.user(), await f.user()];
    const role = await f.role();
    await f.member(org.id, a.id, [role.id]);
    const before = await t.db().organizationMember.findUniqueOrThrow({
      where: { organizationId_userId: { organizationId: org.id, userId: a.id } },
    });

    await addMembers(t.ctx(), { organizationId: org.id, userIds: [a.id, b.id, b.id] });
    await addMembers(t.ctx(), { organizationId: org.id, userIds: [a.id, b.id] });
    expect(await memberIds(org.id)).toEqual(sorted([a.id, b.id]));
    expect(await roleIdsOf(org.id, a.id)).toEqual([role.id]);
    const after = await t.db().organizationMember.findUniqueOrThrow({
      where: { organizationId_userId: { organizationId: org.id, userId: a.id } },
    });
    expect(after.createdAt).toEqual(before.createdAt);

    // Only the call that changed something is audited, naming only the new member.
    const audit = await t
      .db()
      .auditLog.findMany({ where: { organizationId: org.id, action: "member.added" } });
    expect(audit.map((e) => e.data)).toEqual([{ userIds: [b.id] }]);
  });

  it("rejects unknown users (naming them) and unknown organizations, adding nobody", async () => {
    const org = await f.organization();
    const a = await f.user();
    const error = await expectCode(
      addMembers(t.ctx(), { organizationId: org.id, userIds: [a.id, "ghost-1", "ghost-2"] }),
      "member.user_not_found",
    );
    expect(error.data).toEqual({ userIds: ["ghost-1", "ghost-2"] });
    expect(error.message).toContain("ghost-1");
    expect(await memberIds(org.id)).toEqual([]);
    await expectCode(
      addMembers(t.ctx(), { organizationId: "no-org", userIds: [a.id] }),
      "organization.not_found",
    );
    await expectCode(
      addMembers(t.ctx(), { organizationId: org.id, userIds: [""] }),
      "guard.invalid_input",
    );
  });

  it("replaces the member set: those who stay keep their roles, those who leave lose them", async () => {
    const org = await f.organization();
    const [stays, leaves, joins] = [await f.user(), await f.user(), await f.user()];
    const role = await f.role();
    await f.member(org.id, stays.id, [role.id]);
    await f.member(org.id, leaves.id, [role.id]);

    await replaceMembers(t.ctx(), { organizationId: org.id, userIds: [stays.id, joins.id] });
    expect(await memberIds(org.id)).toEqual(sorted([stays.id, joins.id]));
    expect(await roleIdsOf(org.id, stays.id)).toEqual([role.id]);
    expect(await roleIdsOf(org.id, leaves.id)).toEqual([]);
    expect(await roleIdsOf(org.id, joins.id)).toEqual([]);
    const audit = await t
      .db()
      .auditLog.findFirst({ where: { organizationId: org.id, action: "member.replaced" } });
    expect(audit?.data).toEqual({ added: [joins.id], removed: [leaves.id] });

    await expectCode(
      replaceMembers(t.ctx(), { organizationId: org.id, userIds: [stays.id, "ghost"] }),
      "member.user_not_found",
    );
    expect(await memberIds(org.id)).toEqual(sorted([stays.id, joins.id]));
    await expectCode(
      replaceMembers(t.ctx(), { organizationId: "no-org", userIds: [] }),
      "organization.not_found",
    );

    await replaceMembers(t.ctx(), { organizationId: org.id, userIds: [] });
    expect(await memberIds(org.id)).toEqual([]);
  });

  it("removes a member and their roles there, nothing else", async () => {
    const [org, other] = [await f.organization(), await f.organization()];
    const u = await f.user();
    const role = await f.role();
    await f.member(org.id, u.id, [role.id]);
    await f.member(other.id, u.id, [role.id]);

    await removeMember(t.ctx(), { organizationId: org.id, userId: u.id });
    expect(await memberIds(org.id)).toEqual([]);
    expect(await roleIdsOf(org.id, u.id)).toEqual([]);
    expect(await roleIdsOf(other.id, u.id)).toEqual([role.id]);
    expect(await t.db().user.count({ where: { id: u.id } })).toBe(1);
    expect(
      await t.db().auditLog.count({ where: { organizationId: org.id, action: "member.removed" } }),
    ).toBe(1);

    await expectCode(
      removeMember(t.ctx(), { organizationId: org.id, userId: u.id }),
      "member.not_found",
    );
    await expectCode(
      removeMember(t.ctx(), { organizationId: "no-org", userId: u.id }),
      "organization.not_found",
    );
  });
});

describe("listing members", () => {
  it("returns members with their roles, in join order, with search, role filter and pagination", async () => {
    const org = await f.organization();
    const [admin, viewer] = [await f.role(), await f.role()];
    const tag = unique("Team");
    const users = [];
    for (let i = 0; i < 4; i++)
      users.push(
        await f.user({ email: `${tag}-${i}@example.com`.toLowerCase(), name: `Person ${i}` }),
      );
    const [u0, u1, u2, u3] = users as [
      (typeof users)[0],
      (typeof users)[0],
      (typeof users)[0],
      (typeof users)[0],
    ];
    // Joined in the order u0..u3, whatever their ids.
    const at = (i: number) => new Date(Date.UTC(2030, 0, 1, 0, 0, i));
    await f.member(org.id, u3.id, [admin.id], at(3));
    await f.member(org.id, u0.id, [admin.id, viewer.id], at(0));
    await f.member(org.id, u2.id, [], at(2));
    await f.member(org.id, u1.id, [viewer.id], at(1));
    // Someone in another organization with the same role does not show up.
    const elsewhere = await f.organization();
    await f.member(elsewhere.id, (await f.user()).id, [admin.id]);

    const all = await listMembers(t.ctx(), { organizationId: org.id });
    expect(all).toMatchObject({ total: 4, page: 1, pageSize: 20 });
    expect(all.items.map((m) => memberSchema.strict().parse(m))).toEqual(all.items);
    expect(all.items.map((m) => m.id)).toEqual([u0.id, u1.id, u2.id, u3.id]);
    expect(all.items[0]?.organizationRoles).toEqual(
      [admin, viewer]
        .map((r) => ({ id: r.id, name: r.name }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    );
    expect(all.items[2]?.organizationRoles).toEqual([]);
    expect(all.items[0]).toMatchObject({ email: u0.email, name: "Person 0", isSuspended: false });
    expect(all.items[0]).not.toHaveProperty("passwordHash");

    const admins = await listMembers(t.ctx(), {
      organizationId: org.id,
      organizationRoleId: admin.id,
    });
    expect(admins.items.map((m) => m.id)).toEqual([u0.id, u3.id]);
    // A member matched by the role filter still shows all their roles.
    expect(admins.items[0]?.organizationRoles).toHaveLength(2);

    expect(
      (
        await listMembers(t.ctx(), { organizationId: org.id, q: `${tag}-2`.toUpperCase() })
      ).items.map((m) => m.id),
    ).toEqual([u2.id]);
    expect(
      (await listMembers(t.ctx(), { organizationId: org.id, q: "person 1" })).items.map(
        (m) => m.id,
      ),
    ).toEqual([u1.id]);
    expect(
      (await listMembers(t.ctx(), { organizationId: org.id, q: u3.id })).items.map((m) => m.id),
    ).toEqual([u3.id]);
    expect(
      (
        await listMembers(t.ctx(), {
          organizationId: org.id,
          q: tag,
          organizationRoleId: viewer.id,
        })
      ).total,
    ).toBe(2);

    const page2 = await listMembers(t.ctx(), { organizationId: org.id, page: 2, pageSize: 3 });
    expect(page2).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(page2.items.map((m) => m.id)).toEqual([u3.id]);
    expect((await listMembers(t.ctx(), { organizationId: org.id, page: 9 })).items).toEqual([]);

    const empty = await f.organization();
    expect(await listMembers(t.ctx(), { organizationId: empty.id })).toEqual({
      items: [],
      total: 0,
      page: 1,
      pageSize: 20,
    });
    await expectCode(listMembers(t.ctx(), { organizationId: "no-org" }), "organization.not_found");
    await expectCode(
      listMembers(t.ctx(), { organizationId: org.id, pageSize: 0 }),
      "guard.invalid_input",
    );
  });
});

describe("member roles", () => {
  async function memberWith(roleIds: string[] = []) {
    const org = await f.organization();
    const u = await f.user();
    await f.member(org.id, u.id, roleIds);
    return { org, u, ref: { organizationId: org.id, userId: u.id } };
  }

  it("assigns roles by id and by name, idempotently", async () => {
    const [a, b, c] = [await f.role(), await f.role(), await f.role()];
    const { ref } = await memberWith([a.id]);
    await assignMemberRoles(t.ctx(), {
      ...ref,
      organizationRoleIds: [a.id, b.id],
      organizationRoleNames: [c.name],
    });
    await assignMemberRoles(t.ctx(), {
      ...ref,
      organizationRoleIds: [b.id],
      organizationRoleNames: [c.name, a.name],
    });
    expect(await roleIdsOf(ref.organizationId, ref.userId)).toEqual(sorted([a.id, b.id, c.id]));

    const roles = await getMemberRoles(t.ctx(), ref);
    expect(roles.map((r) => organizationRole.strict().parse(r))).toEqual(roles);
    expect(roles.map((r) => r.name)).toEqual([a, b, c].map((r) => r.name).sort());
    expect(roles[0]).toMatchObject({ type: "User", description: null });

    // Only the first call changed anything, and its entry names only the new roles.
    const audit = await t
      .db()
      .auditLog.findMany({ where: { targetId: ref.userId, action: "member.roles_assigned" } });
    expect(audit).toHaveLength(1);
    expect(
      sorted((audit[0]?.data as { organizationRoleIds: string[] }).organizationRoleIds),
    ).toEqual(sorted([b.id, c.id]));
  });

  it("rejects unknown roles (naming them), machine-to-machine roles, and non-members", async () => {
    const role = await f.role();
    const m2m = await f.role({ type: "MachineToMachine" });
    const { ref, org } = await memberWith();
    const error = await expectCode(
      assignMemberRoles(t.ctx(), {
        ...ref,
        organizationRoleIds: [role.id, "ghost-role"],
        organizationRoleNames: ["ghost-name"],
      }),
      "member.role_not_found",
    );
    expect(error.data).toEqual({ roleIds: ["ghost-role"], roleNames: ["ghost-name"] });
    expect(error.message).toContain("ghost-role");
    expect(error.message).toContain("ghost-name");

    const mismatch = await expectCode(
      assignMemberRoles(t.ctx(), { ...ref, organizationRoleIds: [role.id, m2m.id] }),
      "member.role_type_mismatch",
    );
    expect(mismatch.data).toEqual({ roleIds: [m2m.id] });
    await expectCode(
      replaceMemberRoles(t.ctx(), { ...ref, organizationRoleNames: [m2m.name] }),
      "member.role_type_mismatch",
    );
    await expectCode(
      assignRolesToMembers(t.ctx(), {
        organizationId: org.id,
        userIds: [ref.userId],
        organizationRoleIds: [m2m.id],
      }),
      "member.role_type_mismatch",
    );
    // All or nothing: the valid role in the failed calls was not given.
    expect(await roleIdsOf(ref.organizationId, ref.userId)).toEqual([]);

    const outsider = await f.user();
    await expectCode(
      assignMemberRoles(t.ctx(), {
        organizationId: org.id,
        userId: outsider.id,
        organizationRoleIds: [role.id],
      }),
      "member.not_found",
    );
    await expectCode(
      getMemberRoles(t.ctx(), { organizationId: org.id, userId: outsider.id }),
      "member.not_found",
    );
    await expectCode(
      getMemberRoles(t.ctx(), { organizationId: "no-org", userId: outsider.id }),
      "organization.not_found",
    );
    await expectCode(
      replaceMemberRoles(t.ctx(), {
        organizationId: org.id,
        userId: outsider.id,
        organizationRoleIds: [],
      }),
      "member.not_found",
    );
  });

  it("replaces a member's roles exactly", async () => {
    const [a, b, c] = [await f.role(), await f.role(), await f.role()];
    const { ref } = await memberWith([a.id, b.id]);
    await replaceMemberRoles(t.ctx(), {
      ...ref,
      organizationRoleIds: [b.id],
      organizationRoleNames: [c.name],
    });
    expect(await roleIdsOf(ref.organizationId, ref.userId)).toEqual(sorted([b.id, c.id]));
    const audit = await t
      .db()
      .auditLog.findFirst({ where: { targetId: ref.userId, action: "member.roles_replaced" } });
    expect(audit?.data).toEqual({ added: [c.id], removed: [a.id] });
    await replaceMemberRoles(t.ctx(), ref);
    expect(await roleIdsOf(ref.organizationId, ref.userId)).toEqual([]);
    await expectCode(
      replaceMemberRoles(t.ctx(), { ...ref, organizationRoleIds: ["ghost"] }),
      "member.role_not_found",
    );
  });

  it("removes one role, with a precise error when there is nothing to remove", async () => {
    const [a, b] = [await f.role(), await f.role()];
    const { ref, org } = await memberWith([a.id, b.id]);
    await removeMemberRole(t.ctx(), { ...ref, organizationRoleId: a.id });
    expect(await roleIdsOf(ref.organizationId, ref.userId)).toEqual([b.id]);
    expect(
      await t
        .db()
        .auditLog.count({ where: { targetId: ref.userId, action: "member.role_removed" } }),
    ).toBe(1);

    await expectCode(
      removeMemberRole(t.ctx(), { ...ref, organizationRoleId: a.id }),
      "member.role_not_assigned",
    );
    await expectCode(
      removeMemberRole(t.ctx(), { ...ref, organizationRoleId: "ghost" }),
      "member.role_not_found",
    );
    const outsider = await f.user();
    await expectCode(
      removeMemberRole(t.ctx(), {
        organizationId: org.id,
        userId: outsider.id,
        organizationRoleId: b.id,
      }),
      "member.not_found",
    );
  });

  it("assigns roles to several members at once; all must be members", async () => {
    const org = await f.organization();
    const [a, b, outsider] = [await f.user(), await f.user(), await f.user()];
    const [r1, r2] = [await f.role(), await f.role()];
    await f.member(org.id, a.id, [r1.id]);
    await f.member(org.id, b.id);

    const error = await expectCode(
      assignRolesToMembers(t.ctx(), {
        organizationId: org.id,
        userIds: [a.id, outsider.id],
        organizationRoleIds: [r2.id],
      }),
      "member.not_found",
    );
    expect(error.data).toMatchObject({ userIds: [outsider.id] });
    expect(await roleIdsOf(org.id, a.id)).toEqual([r1.id]);

    await assignRolesToMembers(t.ctx(), {
      organizationId: org.id,
      userIds: [a.id, b.id],
      organizationRoleIds: [r1.id, r2.id],
    });
    await assignRolesToMembers(t.ctx(), {
      organizationId: org.id,
      userIds: [a.id, b.id],
      organizationRoleIds: [r1.id, r2.id],
    });
    expect(await roleIdsOf(org.id, a.id)).toEqual(sorted([r1.id, r2.id]));
    expect(await roleIdsOf(org.id, b.id)).toEqual(sorted([r1.id, r2.id]));
    expect(
      await t
        .db()
        .auditLog.count({ where: { organizationId: org.id, action: "member.roles_assigned" } }),
    ).toBe(1);

    await expectCode(
      assignRolesToMembers(t.ctx(), {
        organizationId: org.id,
        userIds: [a.id],
        organizationRoleIds: ["ghost"],
      }),
      "member.role_not_found",
    );
    await expectCode(
      assignRolesToMembers(t.ctx(), {
        organizationId: "no-org",
        userIds: [a.id],
        organizationRoleIds: [r1.id],
      }),
      "organization.not_found",
    );
    await expectCode(
      assignRolesToMembers(t.ctx(), {
        organizationId: org.id,
        userIds: [],
        organizationRoleIds: [r1.id],
      }),
      "guard.invalid_input",
    );
  });

  it("deleting a role takes it from every member", async () => {
    const role = await f.role();
    const { ref } = await memberWith([role.id]);
    await t.db().organizationRole.delete({ where: { id: role.id } });
    expect(await roleIdsOf(ref.organizationId, ref.userId)).toEqual([]);
  });
});

describe("effective permissions", () => {
  it("is the union of the member's roles' permissions, with the roles that grant each", async () => {
    const [read, write, remove] = [
      await f.permission(),
      await f.permission(),
      await f.permission(),
    ];
    const reader = await f.role({ permissionIds: [read.id] });
    const editor = await f.role({ permissionIds: [read.id, write.id] });
    const remover = await f.role({ permissionIds: [remove.id] });
    const org = await f.organization();
    const u = await f.user();
    await f.member(org.id, u.id, [reader.id, editor.id]);
    // The same user elsewhere holds another role: it does not count here.
    const other = await f.organization();
    await f.member(other.id, u.id, [remover.id]);

    const perms = await getEffectivePermissions(t.ctx(), { organizationId: org.id, userId: u.id });
    expect(perms.map((p) => effectivePermission.strict().parse(p))).toEqual(perms);
    const byName = [reader, editor]
      .map((r) => ({ id: r.id, name: r.name }))
      .sort((a, b) => a.name.localeCompare(b.name));
    expect(perms).toEqual(
      [
        { id: read.id, name: read.name, description: null, grantedBy: byName },
        {
          id: write.id,
          name: write.name,
          description: null,
          grantedBy: [{ id: editor.id, name: editor.name }],
        },
      ].sort((a, b) => a.name.localeCompare(b.name)),
    );
    expect(
      await getMemberPermissionNames(t.db(), { organizationId: org.id, userId: u.id }),
    ).toEqual([read.name, write.name].sort());
    expect(
      await getMemberPermissionNames(t.db(), { organizationId: other.id, userId: u.id }),
    ).toEqual([remove.name]);
  });

  it("is empty for a member without roles, and an error for a non-member", async () => {
    const org = await f.organization();
    const [u, outsider] = [await f.user(), await f.user()];
    await f.member(org.id, u.id);
    expect(
      await getEffectivePermissions(t.ctx(), { organizationId: org.id, userId: u.id }),
    ).toEqual([]);
    await expectCode(
      getEffectivePermissions(t.ctx(), { organizationId: org.id, userId: outsider.id }),
      "member.not_found",
    );
    await expectCode(
      getEffectivePermissions(t.ctx(), { organizationId: "no-org", userId: outsider.id }),
      "organization.not_found",
    );
    expect(
      await getMemberPermissionNames(t.db(), { organizationId: org.id, userId: outsider.id }),
    ).toEqual([]);
  });

  it("follows the template: a permission added to a role reaches every holder in every organization, with no per-organization writes", async () => {
    const base = await f.permission();
    const role = await f.role({ permissionIds: [base.id] });
    const holders: { organizationId: string; userId: string }[] = [];
    for (let i = 0; i < 3; i++) {
      const org = await f.organization();
      for (let j = 0; j < 2; j++) {
        const u = await f.user();
        await f.member(org.id, u.id, [role.id]);
        holders.push({ organizationId: org.id, userId: u.id });
      }
    }
    const counts = async () => ({
      members: await t.db().organizationMember.count(),
      memberRoles: await t.db().organizationMemberRole.count(),
      audit: await t.db().auditLog.count(),
    });
    const before = await counts();

    const added = await f.permission();
    await t
      .db()
      .organizationRolePermission.create({ data: { roleId: role.id, permissionId: added.id } });

    expect(await counts()).toEqual(before);
    for (const ref of holders) {
      const perms = await getEffectivePermissions(t.ctx(), ref);
      expect(perms.find((p) => p.id === added.id)).toEqual({
        id: added.id,
        name: added.name,
        description: null,
        grantedBy: [{ id: role.id, name: role.name }],
      });
      expect(await getMemberPermissionNames(t.db(), ref)).toContain(added.name);
    }

    // And removing it from the role removes it everywhere.
    await t
      .db()
      .organizationRolePermission.delete({
        where: { roleId_permissionId: { roleId: role.id, permissionId: added.id } },
      });
    for (const ref of holders)
      expect(await getMemberPermissionNames(t.db(), ref)).toEqual([base.name]);
  });
});

describe("authorization", () => {
  it("forbids end users everything, and lets collaborators and the Management API in", async () => {
    const org = await f.organization();
    const u = await f.user();
    const role = await f.role();
    await f.member(org.id, u.id, [role.id]);
    const ref = { organizationId: org.id, userId: u.id };
    const calls = [
      () => addMembers(endUser(), { organizationId: org.id, userIds: [u.id] }),
      () => replaceMembers(endUser(), { organizationId: org.id, userIds: [] }),
      () => removeMember(endUser(), ref),
      () => listMembers(endUser(), { organizationId: org.id }),
      () => getMemberRoles(endUser(), ref),
      () => assignMemberRoles(endUser(), { ...ref, organizationRoleIds: [role.id] }),
      () => replaceMemberRoles(endUser(), { ...ref, organizationRoleIds: [] }),
      () => removeMemberRole(endUser(), { ...ref, organizationRoleId: role.id }),
      () =>
        assignRolesToMembers(endUser(), {
          organizationId: org.id,
          userIds: [u.id],
          organizationRoleIds: [role.id],
        }),
      () => getEffectivePermissions(endUser(), ref),
    ];
    for (const call of calls) await expectCode(call(), "auth.forbidden");
    expect(await roleIdsOf(org.id, u.id)).toEqual([role.id]);

    const collaborator = t.ctx({
      actor: { type: "console", userId: "collab", role: "collaborator" },
    });
    expect((await listMembers(collaborator, { organizationId: org.id })).total).toBe(1);
    await removeMemberRole(t.ctx({ actor: { type: "management_api", clientId: "m2m" } }), {
      ...ref,
      organizationRoleId: role.id,
    });
    expect(
      await t.db().auditLog.findFirst({ where: { action: "member.role_removed", targetId: u.id } }),
    ).toMatchObject({
      actorType: "management_api",
      actorId: "m2m",
      organizationId: org.id,
    });
  });
});
