// A member's roles: assign, replace, remove, assign to several members, role deletion.
import { organizationRole } from "@guildhall/validators";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../test-utils.ts";
import {
  assignMemberRoles,
  assignRolesToMembers,
  getMemberRoles,
  removeMemberRole,
  replaceMemberRoles,
} from "./index.ts";
import { expectCode, fixtures, memberRows, sorted } from "./test-fixtures.ts";

const t = useTestDatabase();
const f = fixtures(t.db);
const { roleIdsOf } = memberRows(t.db);

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
