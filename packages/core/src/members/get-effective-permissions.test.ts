// `getEffectivePermissions` and `getMemberPermissionNames`: the organization template at read time.
import { effectivePermission } from "@guildhall/validators";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../test-utils.ts";
import { getEffectivePermissions, getMemberPermissionNames } from "./index.ts";
import { expectCode, fixtures } from "./test-fixtures.ts";

const t = useTestDatabase();
const f = fixtures(t.db);

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
    await t.db().organizationRolePermission.delete({
      where: { roleId_permissionId: { roleId: role.id, permissionId: added.id } },
    });
    for (const ref of holders)
      expect(await getMemberPermissionNames(t.db(), ref)).toEqual([base.name]);
  });
});
