import { describe, expect, it } from "vitest";
import { createOrganizationPermission } from "../organization-permissions/index.ts";
import { expectDomainError, unique, useTestDatabase } from "../test-utils.ts";
import {
  addRolePermissions,
  createOrganizationRole,
  deleteOrganizationRole,
  getOrganizationRole,
  getRoleImpact,
  listOrganizationRoles,
  removeRolePermissions,
  replaceRolePermissions,
  updateOrganizationRole,
} from "./index.ts";

const t = useTestDatabase();

async function permission(name = unique("perm")) {
  return createOrganizationPermission(t.ctx(), { name });
}

describe("organization roles", () => {
  it("creates a role with permissions and reads it back", async () => {
    const [a, b] = [await permission(), await permission()];
    const role = await createOrganizationRole(t.ctx(), {
      name: unique("admin"),
      description: "Admins",
      permissionIds: [a.id, b.id, a.id],
    });
    expect(role.type).toBe("User");
    expect(role.permissions.map((p) => p.id).sort()).toEqual([a.id, b.id].sort());
    expect(await getOrganizationRole(t.ctx(), { id: role.id })).toEqual(role);
  });

  it("rejects unknown permissions without writing the role", async () => {
    const name = unique("ghost");
    const error = await expectDomainError(
      createOrganizationRole(t.ctx(), { name, permissionIds: ["missing-1"] }),
      "organization_role.permission_not_found",
    );
    expect(error.data).toEqual({ missing: ["missing-1"] });
    expect(await t.db().organizationRole.count({ where: { name } })).toBe(0);
  });

  it("rejects duplicate names and bad input", async () => {
    const name = unique("dup");
    await createOrganizationRole(t.ctx(), { name });
    await expectDomainError(
      createOrganizationRole(t.ctx(), { name }),
      "organization_role.name_taken",
    );
    await expectDomainError(createOrganizationRole(t.ctx(), { name: "  " }), "guard.invalid_input");
    await expectDomainError(
      createOrganizationRole(t.ctx(), { name: unique("x"), type: "Robot" as never }),
      "guard.invalid_input",
    );
    const other = await createOrganizationRole(t.ctx(), { name: unique("other") });
    await expectDomainError(
      updateOrganizationRole(t.ctx(), { id: other.id, name }),
      "organization_role.name_taken",
    );
    await expectDomainError(
      updateOrganizationRole(t.ctx(), { id: "nope", name: "z" }),
      "organization_role.not_found",
    );
    await expectDomainError(
      deleteOrganizationRole(t.ctx(), { id: "nope" }),
      "organization_role.not_found",
    );
  });

  it("adds, replaces and removes permissions idempotently", async () => {
    const [a, b, c] = [await permission(), await permission(), await permission()];
    const role = await createOrganizationRole(t.ctx(), {
      name: unique("r"),
      permissionIds: [a.id],
    });
    let r = await addRolePermissions(t.ctx(), { roleId: role.id, permissionIds: [a.id, b.id] });
    expect(r.permissions.map((p) => p.id).sort()).toEqual([a.id, b.id].sort());
    r = await replaceRolePermissions(t.ctx(), { roleId: role.id, permissionIds: [c.id] });
    expect(r.permissions.map((p) => p.id)).toEqual([c.id]);
    r = await removeRolePermissions(t.ctx(), { roleId: role.id, permissionIds: [c.id, a.id] });
    expect(r.permissions).toEqual([]);
    await expectDomainError(
      addRolePermissions(t.ctx(), { roleId: role.id, permissionIds: ["nope"] }),
      "organization_role.permission_not_found",
    );
    await expectDomainError(
      addRolePermissions(t.ctx(), { roleId: "nope", permissionIds: [a.id] }),
      "organization_role.not_found",
    );
  });

  it("deleting a permission removes it from every role (cascade)", async () => {
    const p = await permission();
    const role = await createOrganizationRole(t.ctx(), {
      name: unique("r"),
      permissionIds: [p.id],
    });
    await t.db().organizationPermission.delete({ where: { id: p.id } });
    expect((await getOrganizationRole(t.ctx(), { id: role.id })).permissions).toEqual([]);
  });

  it("lists with search, type filter and pagination", async () => {
    const prefix = unique("listing");
    await createOrganizationRole(t.ctx(), { name: `${prefix}-a` });
    await createOrganizationRole(t.ctx(), { name: `${prefix}-b`, type: "MachineToMachine" });
    await createOrganizationRole(t.ctx(), { name: `${prefix}-c` });
    const all = await listOrganizationRoles(t.ctx(), { q: prefix });
    expect(all.total).toBe(3);
    const m2m = await listOrganizationRoles(t.ctx(), { q: prefix, type: "MachineToMachine" });
    expect(m2m.items.map((r) => r.name)).toEqual([`${prefix}-b`]);
    const page2 = await listOrganizationRoles(t.ctx(), { q: prefix, page: 2, pageSize: 2 });
    expect(page2.items.map((r) => r.name)).toEqual([`${prefix}-c`]);
  });

  it("refuses to change the type of a role that is held, and reports impact", async () => {
    const db = t.db();
    const role = await createOrganizationRole(t.ctx(), { name: unique("held") });
    const org = await db.organization.create({ data: { name: unique("org") } });
    const user = await db.user.create({ data: { email: `${unique("u")}@example.com` } });
    await db.organizationMember.create({
      data: { organizationId: org.id, userId: user.id, roles: { create: [{ roleId: role.id }] } },
    });
    expect(await getRoleImpact(t.ctx(), { id: role.id })).toEqual({ organizations: 1, members: 1 });
    await expectDomainError(
      updateOrganizationRole(t.ctx(), { id: role.id, type: "MachineToMachine" }),
      "organization_role.type_in_use",
    );
    await deleteOrganizationRole(t.ctx(), { id: role.id });
    expect(await db.organizationMemberRole.count({ where: { organizationId: org.id } })).toBe(0);
    expect(await db.organizationMember.count({ where: { organizationId: org.id } })).toBe(1);
  });

  it("template property: one role change reaches every organization with no per-organization writes", async () => {
    const db = t.db();
    const read = await permission(unique("read"));
    const write = await permission(unique("write"));
    const role = await createOrganizationRole(t.ctx(), {
      name: unique("editor"),
      permissionIds: [read.id],
    });
    const user = await db.user.create({ data: { email: `${unique("multi")}@example.com` } });
    const orgs = await Promise.all(
      [1, 2, 3].map(() => db.organization.create({ data: { name: unique("o") } })),
    );
    for (const org of orgs) {
      await db.organizationMember.create({
        data: { organizationId: org.id, userId: user.id, roles: { create: [{ roleId: role.id }] } },
      });
    }
    const orgRowsBefore = await db.organization.findMany({
      where: { id: { in: orgs.map((o) => o.id) } },
    });
    await addRolePermissions(t.ctx(), { roleId: role.id, permissionIds: [write.id] });
    for (const org of orgs) {
      const names = await db.organizationPermission.findMany({
        where: {
          roles: {
            some: { role: { memberRoles: { some: { organizationId: org.id, userId: user.id } } } },
          },
        },
        select: { name: true },
      });
      expect(names.map((n) => n.name).sort()).toEqual([read.name, write.name].sort());
    }
    // No organization row was touched by the template change.
    const orgRowsAfter = await db.organization.findMany({
      where: { id: { in: orgs.map((o) => o.id) } },
    });
    expect(orgRowsAfter).toEqual(orgRowsBefore);
  });
});
