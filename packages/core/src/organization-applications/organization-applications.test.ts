import { organizationApplication } from "@guildhall/validators";
import { describe, expect, it } from "vitest";
import { expectCode, fixtures } from "../members/test-fixtures.ts";
import { unique, useTestDatabase } from "../test-utils.ts";
import {
  addOrganizationApplications,
  assignOrganizationApplicationRoles,
  assignRolesToOrganizationApplications,
  getOrganizationApplicationRoles,
  listOrganizationApplications,
  removeOrganizationApplication,
  removeOrganizationApplicationRole,
  replaceOrganizationApplicationRoles,
  replaceOrganizationApplications,
} from "./index.ts";

const t = useTestDatabase();
const f = fixtures(t.db);
const endUser = () => t.ctx({ actor: { type: "user", userId: "someone" } });

const app = (type: "MachineToMachine" | "SPA" | "Traditional" | "Native" = "MachineToMachine") =>
  t.db().application.create({ data: { name: unique("app"), type } });
const m2mRole = () => f.role({ type: "MachineToMachine" });

async function memberIds(organizationId: string) {
  const rows = await t.db().organizationApplication.findMany({
    where: { organizationId },
    orderBy: { applicationId: "asc" },
  });
  return rows.map((r) => r.applicationId);
}
async function roleIdsOf(organizationId: string, applicationId: string) {
  const rows = await t
    .db()
    .organizationApplicationRole.findMany({ where: { organizationId, applicationId } });
  return rows.map((r) => r.roleId).sort();
}
async function auditActions(organizationId: string) {
  const rows = await t
    .db()
    .auditLog.findMany({ where: { organizationId }, orderBy: { createdAt: "asc" } });
  return rows.map((r) => r.action);
}
const sorted = (ids: string[]) => [...ids].sort();

describe("application members", () => {
  it("adds machine-to-machine applications idempotently, keeping existing roles", async () => {
    const org = await f.organization();
    const [a, b] = [await app(), await app()];
    const role = await m2mRole();
    await addOrganizationApplications(t.ctx(), { organizationId: org.id, applicationIds: [a.id] });
    await assignOrganizationApplicationRoles(t.ctx(), {
      organizationId: org.id,
      applicationId: a.id,
      organizationRoleIds: [role.id],
    });
    await addOrganizationApplications(t.ctx(), {
      organizationId: org.id,
      applicationIds: [a.id, b.id, b.id],
    });
    expect(await memberIds(org.id)).toEqual(sorted([a.id, b.id]));
    expect(await roleIdsOf(org.id, a.id)).toEqual([role.id]);
    // The no-op repeat writes no audit entry.
    await addOrganizationApplications(t.ctx(), { organizationId: org.id, applicationIds: [a.id] });
    expect(await auditActions(org.id)).toEqual([
      "organization_application.added",
      "organization_application.roles_assigned",
      "organization_application.added",
    ]);
  });

  it("refuses applications that are not machine-to-machine, and unknown ones, adding nothing", async () => {
    const org = await f.organization();
    const [m2m, spa, web] = [await app(), await app("SPA"), await app("Traditional")];
    const error = await expectCode(
      addOrganizationApplications(t.ctx(), {
        organizationId: org.id,
        applicationIds: [m2m.id, spa.id, web.id],
      }),
      "application.not_machine_to_machine",
    );
    expect(error.data).toEqual({ applicationIds: [spa.id, web.id] });
    const missing = await expectCode(
      addOrganizationApplications(t.ctx(), {
        organizationId: org.id,
        applicationIds: [m2m.id, "ghost"],
      }),
      "application.not_found",
    );
    expect(missing.data).toEqual({ applicationIds: ["ghost"] });
    expect(await memberIds(org.id)).toEqual([]);
    await expectCode(
      addOrganizationApplications(t.ctx(), { organizationId: "ghost", applicationIds: [m2m.id] }),
      "organization.not_found",
    );
  });

  it("replaces the application members, keeping the roles of those who stay", async () => {
    const org = await f.organization();
    const [stay, leave, join] = [await app(), await app(), await app()];
    const role = await m2mRole();
    await addOrganizationApplications(t.ctx(), {
      organizationId: org.id,
      applicationIds: [stay.id, leave.id],
    });
    await assignOrganizationApplicationRoles(t.ctx(), {
      organizationId: org.id,
      applicationId: stay.id,
      organizationRoleIds: [role.id],
    });
    await assignOrganizationApplicationRoles(t.ctx(), {
      organizationId: org.id,
      applicationId: leave.id,
      organizationRoleIds: [role.id],
    });
    await replaceOrganizationApplications(t.ctx(), {
      organizationId: org.id,
      applicationIds: [stay.id, join.id],
    });
    expect(await memberIds(org.id)).toEqual(sorted([stay.id, join.id]));
    expect(await roleIdsOf(org.id, stay.id)).toEqual([role.id]);
    expect(await roleIdsOf(org.id, leave.id)).toEqual([]);
    await expectCode(
      replaceOrganizationApplications(t.ctx(), {
        organizationId: org.id,
        applicationIds: [(await app("Native")).id],
      }),
      "application.not_machine_to_machine",
    );
    expect(await memberIds(org.id)).toEqual(sorted([stay.id, join.id]));
    await replaceOrganizationApplications(t.ctx(), { organizationId: org.id, applicationIds: [] });
    expect(await memberIds(org.id)).toEqual([]);
  });

  it("removes an application member with its roles; removing again is not found", async () => {
    const org = await f.organization();
    const a = await app();
    const role = await m2mRole();
    await addOrganizationApplications(t.ctx(), { organizationId: org.id, applicationIds: [a.id] });
    await assignOrganizationApplicationRoles(t.ctx(), {
      organizationId: org.id,
      applicationId: a.id,
      organizationRoleIds: [role.id],
    });
    await removeOrganizationApplication(t.ctx(), { organizationId: org.id, applicationId: a.id });
    expect(await memberIds(org.id)).toEqual([]);
    expect(await roleIdsOf(org.id, a.id)).toEqual([]);
    expect(await t.db().application.findUnique({ where: { id: a.id } })).not.toBeNull();
    await expectCode(
      removeOrganizationApplication(t.ctx(), { organizationId: org.id, applicationId: a.id }),
      "organization_application.not_found",
    );
    await expectCode(
      removeOrganizationApplication(t.ctx(), { organizationId: "ghost", applicationId: a.id }),
      "organization.not_found",
    );
    expect((await auditActions(org.id)).at(-1)).toBe("organization_application.removed");
  });

  it("lists members with their roles, in the order added, with search and pagination", async () => {
    const org = await f.organization();
    const apps = [await app(), await app(), await app()];
    const role = await m2mRole();
    for (const a of apps)
      await addOrganizationApplications(t.ctx(), {
        organizationId: org.id,
        applicationIds: [a.id],
      });
    await assignOrganizationApplicationRoles(t.ctx(), {
      organizationId: org.id,
      applicationId: apps[1]?.id ?? "",
      organizationRoleIds: [role.id],
    });
    const all = await listOrganizationApplications(t.ctx(), { organizationId: org.id });
    expect(all.total).toBe(3);
    expect(all.items.map((i) => i.id)).toEqual(apps.map((a) => a.id));
    expect(all.items[1]?.organizationRoles).toEqual([{ id: role.id, name: role.name }]);
    for (const item of all.items) expect(organizationApplication.parse(item)).toEqual(item);
    const page = await listOrganizationApplications(t.ctx(), {
      organizationId: org.id,
      page: 2,
      pageSize: 2,
    });
    expect(page).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(page.items.map((i) => i.id)).toEqual([apps[2]?.id]);
    const found = await listOrganizationApplications(t.ctx(), {
      organizationId: org.id,
      q: apps[0]?.name.toUpperCase(),
    });
    expect(found.items.map((i) => i.id)).toEqual([apps[0]?.id]);
    await expectCode(
      listOrganizationApplications(t.ctx(), { organizationId: "ghost" }),
      "organization.not_found",
    );
  });

  it("is for console members and the Management API only", async () => {
    const org = await f.organization();
    await expectCode(
      listOrganizationApplications(endUser(), { organizationId: org.id }),
      "auth.forbidden",
    );
    await expectCode(
      addOrganizationApplications(endUser(), { organizationId: org.id, applicationIds: [] }),
      "auth.forbidden",
    );
  });
});

describe("application member roles", () => {
  async function member() {
    const org = await f.organization();
    const a = await app();
    await addOrganizationApplications(t.ctx(), { organizationId: org.id, applicationIds: [a.id] });
    return { organizationId: org.id, applicationId: a.id };
  }

  it("assigns machine-to-machine roles idempotently and lists them by name", async () => {
    const ref = await member();
    const [r1, r2] = [await m2mRole(), await m2mRole()];
    await assignOrganizationApplicationRoles(t.ctx(), {
      ...ref,
      organizationRoleIds: [r2.id, r1.id],
    });
    await assignOrganizationApplicationRoles(t.ctx(), { ...ref, organizationRoleIds: [r1.id] });
    const roles = await getOrganizationApplicationRoles(t.ctx(), ref);
    expect(roles.map((r) => r.id)).toEqual(
      [r1, r2].sort((a, b) => a.name.localeCompare(b.name)).map((r) => r.id),
    );
    expect(roles[0]).toMatchObject({ type: "MachineToMachine" });
  });

  it("refuses user roles with member.role_type_mismatch, assigning nothing", async () => {
    const ref = await member();
    const [m2m, userRole] = [await m2mRole(), await f.role()];
    const error = await expectCode(
      assignOrganizationApplicationRoles(t.ctx(), {
        ...ref,
        organizationRoleIds: [m2m.id, userRole.id],
      }),
      "member.role_type_mismatch",
    );
    expect(error.data).toEqual({ roleIds: [userRole.id] });
    expect(await roleIdsOf(ref.organizationId, ref.applicationId)).toEqual([]);
    await expectCode(
      replaceOrganizationApplicationRoles(t.ctx(), { ...ref, organizationRoleIds: [userRole.id] }),
      "member.role_type_mismatch",
    );
  });

  it("refuses unknown roles and non-members", async () => {
    const ref = await member();
    await expectCode(
      assignOrganizationApplicationRoles(t.ctx(), { ...ref, organizationRoleIds: ["ghost"] }),
      "member.role_not_found",
    );
    const outsider = await app();
    const role = await m2mRole();
    await expectCode(
      assignOrganizationApplicationRoles(t.ctx(), {
        ...ref,
        applicationId: outsider.id,
        organizationRoleIds: [role.id],
      }),
      "organization_application.not_found",
    );
    await expectCode(
      getOrganizationApplicationRoles(t.ctx(), { ...ref, applicationId: outsider.id }),
      "organization_application.not_found",
    );
    await expectCode(
      getOrganizationApplicationRoles(t.ctx(), { ...ref, organizationId: "ghost" }),
      "organization.not_found",
    );
  });

  it("replaces roles exactly, and an empty list removes them all", async () => {
    const ref = await member();
    const [r1, r2, r3] = [await m2mRole(), await m2mRole(), await m2mRole()];
    await assignOrganizationApplicationRoles(t.ctx(), {
      ...ref,
      organizationRoleIds: [r1.id, r2.id],
    });
    await replaceOrganizationApplicationRoles(t.ctx(), {
      ...ref,
      organizationRoleIds: [r2.id, r3.id],
    });
    expect(await roleIdsOf(ref.organizationId, ref.applicationId)).toEqual(sorted([r2.id, r3.id]));
    await replaceOrganizationApplicationRoles(t.ctx(), { ...ref, organizationRoleIds: [] });
    expect(await roleIdsOf(ref.organizationId, ref.applicationId)).toEqual([]);
    expect(await auditActions(ref.organizationId)).toContain(
      "organization_application.roles_replaced",
    );
  });

  it("removes one role; a role not held or unknown is told apart", async () => {
    const ref = await member();
    const [r1, r2] = [await m2mRole(), await m2mRole()];
    await assignOrganizationApplicationRoles(t.ctx(), {
      ...ref,
      organizationRoleIds: [r1.id, r2.id],
    });
    await removeOrganizationApplicationRole(t.ctx(), { ...ref, organizationRoleId: r1.id });
    expect(await roleIdsOf(ref.organizationId, ref.applicationId)).toEqual([r2.id]);
    await expectCode(
      removeOrganizationApplicationRole(t.ctx(), { ...ref, organizationRoleId: r1.id }),
      "member.role_not_assigned",
    );
    await expectCode(
      removeOrganizationApplicationRole(t.ctx(), { ...ref, organizationRoleId: "ghost" }),
      "member.role_not_found",
    );
    await expectCode(
      removeOrganizationApplicationRole(t.ctx(), {
        ...ref,
        applicationId: "ghost",
        organizationRoleId: r2.id,
      }),
      "organization_application.not_found",
    );
  });
});

describe("roles for several application members at once", () => {
  it("gives every role to every application, idempotently, with one audit entry", async () => {
    const org = await f.organization();
    const [a, b] = [await app(), await app()];
    const [r1, r2] = [await m2mRole(), await m2mRole()];
    await addOrganizationApplications(t.ctx(), {
      organizationId: org.id,
      applicationIds: [a.id, b.id],
    });
    const input = {
      organizationId: org.id,
      applicationIds: [a.id, b.id],
      organizationRoleIds: [r1.id, r2.id],
    };
    await assignRolesToOrganizationApplications(t.ctx(), input);
    await assignRolesToOrganizationApplications(t.ctx(), input);
    expect(await roleIdsOf(org.id, a.id)).toEqual(sorted([r1.id, r2.id]));
    expect(await roleIdsOf(org.id, b.id)).toEqual(sorted([r1.id, r2.id]));
    expect(
      (await auditActions(org.id)).filter((x) => x === "organization_application.roles_assigned"),
    ).toHaveLength(1);
  });

  it("is all or nothing: a non-member, a user role or an unknown organization assigns nothing", async () => {
    const org = await f.organization();
    const [member, outsider] = [await app(), await app()];
    const role = await m2mRole();
    const userRole = await f.role();
    await addOrganizationApplications(t.ctx(), {
      organizationId: org.id,
      applicationIds: [member.id],
    });
    const assign = (
      applicationIds: string[],
      organizationRoleIds: string[],
      organizationId = org.id,
    ) =>
      assignRolesToOrganizationApplications(t.ctx(), {
        organizationId,
        applicationIds,
        organizationRoleIds,
      });
    const e = await expectCode(
      assign([member.id, outsider.id], [role.id]),
      "organization_application.not_found",
    );
    expect(e.data).toMatchObject({ applicationIds: [outsider.id] });
    await expectCode(assign([member.id], [role.id, userRole.id]), "member.role_type_mismatch");
    await expectCode(assign([member.id], [role.id, "ghost"]), "member.role_not_found");
    await expectCode(assign([member.id], [role.id], "ghost"), "organization.not_found");
    expect(await roleIdsOf(org.id, member.id)).toEqual([]);
    await expectCode(
      assignRolesToOrganizationApplications(endUser(), {
        organizationId: org.id,
        applicationIds: [member.id],
        organizationRoleIds: [role.id],
      }),
      "auth.forbidden",
    );
  });
});
