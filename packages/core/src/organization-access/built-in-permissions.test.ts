// The guildhall: prefix is Guildhall's: built-in permissions are put in the template at boot
// and cannot be made, renamed or deleted by hand.
import {
  BUILT_IN_PERMISSION_DESCRIPTIONS,
  BUILT_IN_PERMISSION_NAMES,
  BUILT_IN_PERMISSIONS as P,
} from "@guildhall/validators";
import { describe, expect, it } from "vitest";
import { expectCode } from "../members/test-fixtures.ts";
import {
  createOrganizationPermission,
  deleteOrganizationPermission,
  updateOrganizationPermission,
} from "../organization-permissions/index.ts";
import { unique, useTestDatabase } from "../test-utils.ts";
import { ensureBuiltInPermissions } from "./index.ts";

const t = useTestDatabase();

const builtIns = () =>
  t.db().organizationPermission.findMany({
    where: { name: { startsWith: "guildhall:" } },
    orderBy: { name: "asc" },
  });
const builtIn = (name: string) =>
  t.db().organizationPermission.findUniqueOrThrow({ where: { name } });

describe("ensureBuiltInPermissions", () => {
  it("puts the eight built-in permissions in the template, once, keeping changed descriptions", async () => {
    await ensureBuiltInPermissions(t.db());
    const first = await builtIns();
    expect(first.map((p) => p.name)).toEqual([...BUILT_IN_PERMISSION_NAMES].sort());
    expect(first.map((p) => p.description)).toEqual(
      first.map(
        (p) =>
          BUILT_IN_PERMISSION_DESCRIPTIONS[p.name as keyof typeof BUILT_IN_PERMISSION_DESCRIPTIONS],
      ),
    );
    // They hold nothing until the template gives them to a role.
    expect(
      await t.db().organizationRolePermission.count({
        where: { permissionId: { in: first.map((p) => p.id) } },
      }),
    ).toBe(0);

    const audit = await updateOrganizationPermission(t.ctx(), {
      id: (await builtIn(P.auditRead)).id,
      description: "Our own words",
    });
    expect(audit).toMatchObject({ name: P.auditRead, description: "Our own words" });
    await ensureBuiltInPermissions(t.db());
    await Promise.all([ensureBuiltInPermissions(t.db()), ensureBuiltInPermissions(t.db())]);
    const again = await builtIns();
    expect(again.map((p) => p.id)).toEqual(first.map((p) => p.id));
    expect((await builtIn(P.auditRead)).description).toBe("Our own words");
  });
});

describe("reserved names", () => {
  it("cannot be created", async () => {
    for (const name of ["guildhall:members:export", "Guildhall:billing:read", P.membersRead]) {
      const error = await expectCode(
        createOrganizationPermission(t.ctx(), { name }),
        "organization_permission.reserved",
      );
      expect(error.status).toBe(422);
      expect(error.data).toEqual({ name });
    }
    expect(
      await t.db().organizationPermission.count({ where: { name: "guildhall:members:export" } }),
    ).toBe(0);
  });

  it("cannot be renamed into or out of the prefix", async () => {
    await ensureBuiltInPermissions(t.db());
    const own = await createOrganizationPermission(t.ctx(), { name: unique("read:things") });
    await expectCode(
      updateOrganizationPermission(t.ctx(), { id: own.id, name: "guildhall:things:read" }),
      "organization_permission.reserved",
    );
    const invite = await builtIn(P.membersInvite);
    await expectCode(
      updateOrganizationPermission(t.ctx(), { id: invite.id, name: unique("invite") }),
      "organization_permission.reserved",
    );
    await expectCode(
      updateOrganizationPermission(t.ctx(), { id: invite.id, name: P.membersRemove }),
      "organization_permission.reserved",
    );
    // Its own name, and a new description, are fine.
    expect(
      await updateOrganizationPermission(t.ctx(), {
        id: invite.id,
        name: P.membersInvite,
        description: "Invite colleagues",
      }),
    ).toMatchObject({ name: P.membersInvite, description: "Invite colleagues" });
    expect((await builtIn(P.membersInvite)).id).toBe(invite.id);
    expect(
      (await t.db().organizationPermission.findUniqueOrThrow({ where: { id: own.id } })).name,
    ).toBe(own.name);
  });

  it("built-in permissions cannot be deleted; others can", async () => {
    await ensureBuiltInPermissions(t.db());
    const roles = await builtIn(P.membersRoles);
    await expectCode(
      deleteOrganizationPermission(t.ctx(), { id: roles.id }),
      "organization_permission.reserved",
    );
    expect(await builtIn(P.membersRoles)).toMatchObject({ id: roles.id });
    const own = await createOrganizationPermission(t.ctx(), { name: unique("read:stuff") });
    await deleteOrganizationPermission(t.ctx(), { id: own.id });
    await expectCode(
      deleteOrganizationPermission(t.ctx(), { id: own.id }),
      "organization_permission.not_found",
    );
  });
});
