import { describe, expect, it } from "vitest";
import { createApiResource, createApiScope } from "../api-resources/index.ts";
import { getApiResource } from "../api-resources/get-api-resource.ts";
import {
  createApplication,
  ensureManagementApi,
  getManagementApiAccess,
  setManagementApiAccess,
} from "../applications/index.ts";
import type { ServiceContext } from "../context.ts";
import { expectDomainError, unique, useTestDatabase } from "../test-utils.ts";
import { createUser } from "../users/create-user.ts";
import {
  assignRoleApplications,
  assignRoleScopes,
  assignRoleUsers,
  assignUserRoles,
  createRole,
  deleteRole,
  getRole,
  listRoleApplications,
  listRoleScopes,
  listRoles,
  listRoleUsers,
  listUserRoles,
  removeRoleApplication,
  removeRoleScope,
  removeRoleUser,
  updateRole,
} from "./index.ts";

const t = useTestDatabase();
const collaborator = (): ServiceContext =>
  t.ctx({ actor: { type: "console", userId: "collab", role: "collaborator" } });
const endUser = (): ServiceContext => t.ctx({ actor: { type: "user", userId: "u" } });

const userRole = (over: { name?: string; description?: string } = {}) =>
  createRole(t.ctx(), { name: unique("Role"), type: "User", ...over });
const m2mRole = () => createRole(t.ctx(), { name: unique("M2M"), type: "MachineToMachine" });
const user = () => createUser(t.ctx(), { email: `${unique("user")}@example.com` });
const app = async (type: "MachineToMachine" | "SPA" = "MachineToMachine") =>
  (
    await createApplication(t.ctx(), {
      name: unique("App"),
      type,
      redirectUris: type === "SPA" ? ["https://app.example.com/cb"] : [],
    })
  ).application;
async function scopes(...names: string[]) {
  const resource = await createApiResource(t.ctx(), {
    name: unique("API"),
    indicator: `https://${unique("api")}.example.com`,
  });
  const created = [];
  for (const name of names)
    created.push(await createApiScope(t.ctx(), { resourceId: resource.id, name }));
  return { resource, scopes: created };
}

describe("global roles", () => {
  it("creates, gets, updates and deletes, with audit entries", async () => {
    const created = await userRole({ name: "Billing reader", description: "Reads invoices" });
    expect(created).toMatchObject({
      name: "Billing reader",
      description: "Reads invoices",
      type: "User",
      isManagementApi: false,
      usersCount: 0,
    });
    expect(await getRole(t.ctx(), { id: created.id })).toEqual(created);
    const updated = await updateRole(t.ctx(), {
      id: created.id,
      name: "Billing viewer",
      description: null,
    });
    expect(updated).toMatchObject({ name: "Billing viewer", description: null, type: "User" });
    // The type is not part of the update schema: it is stripped, never changed.
    expect(
      (await updateRole(t.ctx(), { id: created.id, type: "MachineToMachine" } as never)).type,
    ).toBe("User");
    await deleteRole(t.ctx(), { id: created.id });
    await expectDomainError(getRole(t.ctx(), { id: created.id }), "role.not_found");
    const actions = await t.db().auditLog.findMany({
      where: { targetId: created.id },
      orderBy: { createdAt: "asc" },
      select: { action: true },
    });
    expect(actions.map((a) => a.action)).toEqual([
      "role.created",
      "role.updated",
      "role.updated",
      "role.deleted",
    ]);
  });

  it("keeps names unique (409) and validates input", async () => {
    const r = await userRole();
    const error = await expectDomainError(userRole({ name: r.name }), "role.name_taken");
    expect(error.status).toBe(409);
    expect(error.message).toContain(r.name);
    const other = await userRole();
    await expectDomainError(updateRole(t.ctx(), { id: other.id, name: r.name }), "role.name_taken");
    await expectDomainError(createRole(t.ctx(), { name: " " }), "guard.invalid_input");
    await expectDomainError(
      createRole(t.ctx(), { name: "x", type: "Admin" as never }),
      "guard.invalid_input",
    );
  });

  it("lists with search on name and description, a type filter and pagination", async () => {
    const prefix = unique("search");
    await userRole({ name: `${prefix} a` });
    await userRole({ name: unique("other"), description: `about ${prefix}` });
    const m2m = await createRole(t.ctx(), { name: `${prefix} m2m`, type: "MachineToMachine" });
    const all = await listRoles(t.ctx(), { q: prefix.toUpperCase() });
    expect(all.total).toBe(3);
    const page = await listRoles(t.ctx(), { q: prefix, page: 2, pageSize: 2 });
    expect(page.items).toHaveLength(1);
    expect(
      (await listRoles(t.ctx(), { q: prefix, type: "MachineToMachine" })).items.map((r) => r.id),
    ).toEqual([m2m.id]);
    await expectDomainError(listRoles(t.ctx(), { pageSize: 101 }), "guard.invalid_input");
  });

  it("answers role.not_found for unknown ids", async () => {
    await expectDomainError(updateRole(t.ctx(), { id: "ghost", name: "x" }), "role.not_found");
    await expectDomainError(deleteRole(t.ctx(), { id: "ghost" }), "role.not_found");
    await expectDomainError(listRoleScopes(t.ctx(), { roleId: "ghost" }), "role.not_found");
    await expectDomainError(listRoleUsers(t.ctx(), { roleId: "ghost" }), "role.not_found");
    await expectDomainError(listRoleApplications(t.ctx(), { roleId: "ghost" }), "role.not_found");
    await expectDomainError(
      assignRoleUsers(t.ctx(), { roleId: "ghost", userIds: ["x"] }),
      "role.not_found",
    );
  });

  it("is for console admins and collaborators, not end users", async () => {
    const r = await createRole(collaborator(), { name: unique("By collaborator") });
    await updateRole(collaborator(), { id: r.id, description: "ok" });
    await expectDomainError(listRoles(endUser()), "auth.forbidden");
    await expectDomainError(createRole(endUser(), { name: unique("x") }), "auth.forbidden");
    await expectDomainError(deleteRole(endUser(), { id: r.id }), "auth.forbidden");
    await expectDomainError(
      assignRoleUsers(endUser(), { roleId: r.id, userIds: ["x"] }),
      "auth.forbidden",
    );
    await expectDomainError(listUserRoles(endUser(), { userId: "x" }), "auth.forbidden");
    await deleteRole(collaborator(), { id: r.id });
  });
});

describe("role permissions", () => {
  it("assigns API permissions idempotently, lists them with their resource, removes one", async () => {
    const r = await userRole();
    const {
      resource,
      scopes: [read, write],
    } = await scopes("read", "write");
    const assigned = await assignRoleScopes(t.ctx(), {
      roleId: r.id,
      scopeIds: [read?.id ?? "", write?.id ?? ""],
    });
    expect(assigned.map((s) => s.name)).toEqual(["read", "write"]);
    await assignRoleScopes(t.ctx(), { roleId: r.id, scopeIds: [read?.id ?? ""] });
    const list = await listRoleScopes(t.ctx(), { roleId: r.id });
    expect(list.total).toBe(2);
    expect(list.items[0]).toMatchObject({
      name: "read",
      resource: { id: resource.id, name: resource.name, indicator: resource.indicator },
    });
    expect((await getRole(t.ctx(), { id: r.id })).scopesCount).toBe(2);
    await removeRoleScope(t.ctx(), { roleId: r.id, scopeId: read?.id ?? "" });
    expect((await listRoleScopes(t.ctx(), { roleId: r.id })).items.map((s) => s.name)).toEqual([
      "write",
    ]);
    await expectDomainError(
      removeRoleScope(t.ctx(), { roleId: r.id, scopeId: read?.id ?? "" }),
      "role.not_assigned",
    );
  });

  it("names unknown permission ids (422) and assigns nothing then", async () => {
    const r = await userRole();
    const {
      scopes: [read],
    } = await scopes("read");
    const error = await expectDomainError(
      assignRoleScopes(t.ctx(), { roleId: r.id, scopeIds: [read?.id ?? "", "ghost"] }),
      "role.scope_not_found",
    );
    expect(error.status).toBe(422);
    expect(error.data).toEqual({ missing: ["ghost"] });
    expect((await listRoleScopes(t.ctx(), { roleId: r.id })).total).toBe(0);
    await expectDomainError(
      assignRoleScopes(t.ctx(), { roleId: r.id, scopeIds: [] }),
      "guard.invalid_input",
    );
  });
});

describe("role users", () => {
  it("assigns users to a User role idempotently, lists and removes them, from both sides", async () => {
    const r = await userRole();
    const [alice, bob] = [await user(), await user()];
    await assignRoleUsers(t.ctx(), { roleId: r.id, userIds: [alice.id, bob.id] });
    await assignRoleUsers(t.ctx(), { roleId: r.id, userIds: [alice.id] });
    const list = await listRoleUsers(t.ctx(), { roleId: r.id });
    expect(list.items.map((u) => u.id).sort()).toEqual([alice.id, bob.id].sort());
    expect(
      (await listRoleUsers(t.ctx(), { roleId: r.id, q: alice.email ?? "" })).items.map((u) => u.id),
    ).toEqual([alice.id]);
    expect((await listUserRoles(t.ctx(), { userId: alice.id })).items.map((x) => x.id)).toEqual([
      r.id,
    ]);
    await removeRoleUser(t.ctx(), { roleId: r.id, userId: alice.id });
    await expectDomainError(
      removeRoleUser(t.ctx(), { roleId: r.id, userId: alice.id }),
      "role.not_assigned",
    );
    expect((await getRole(t.ctx(), { id: r.id })).usersCount).toBe(1);
  });

  it("refuses machine-to-machine roles (422) and unknown users (404)", async () => {
    const m2m = await m2mRole();
    const alice = await user();
    const mismatch = await expectDomainError(
      assignRoleUsers(t.ctx(), { roleId: m2m.id, userIds: [alice.id] }),
      "role.type_mismatch",
    );
    expect(mismatch.status).toBe(422);
    const r = await userRole();
    const unknown = await expectDomainError(
      assignRoleUsers(t.ctx(), { roleId: r.id, userIds: [alice.id, "ghost"] }),
      "user.not_found",
    );
    expect(unknown.status).toBe(404);
    expect(unknown.data).toEqual({ missing: ["ghost"] });
    expect((await listRoleUsers(t.ctx(), { roleId: r.id })).total).toBe(0);
  });

  it("assigns a user's roles by id: User roles only, unknown ids named", async () => {
    const alice = await user();
    const [a, b, m2m] = [await userRole(), await userRole(), await m2mRole()];
    await assignUserRoles(t.ctx(), { userId: alice.id, roleIds: [a.id, b.id] });
    await assignUserRoles(t.ctx(), { userId: alice.id, roleIds: [a.id] });
    expect((await listUserRoles(t.ctx(), { userId: alice.id })).total).toBe(2);
    await expectDomainError(
      assignUserRoles(t.ctx(), { userId: alice.id, roleIds: [m2m.id] }),
      "role.type_mismatch",
    );
    const missing = await expectDomainError(
      assignUserRoles(t.ctx(), { userId: alice.id, roleIds: ["ghost"] }),
      "role.not_found",
    );
    expect(missing.data).toEqual({ missing: ["ghost"] });
    await expectDomainError(
      assignUserRoles(t.ctx(), { userId: "ghost", roleIds: [a.id] }),
      "user.not_found",
    );
    await expectDomainError(listUserRoles(t.ctx(), { userId: "ghost" }), "user.not_found");
  });
});

describe("role applications", () => {
  it("assigns machine-to-machine apps to a machine-to-machine role, lists and removes them", async () => {
    const r = await m2mRole();
    const client = await app();
    await assignRoleApplications(collaborator(), { roleId: r.id, applicationIds: [client.id] });
    await assignRoleApplications(collaborator(), { roleId: r.id, applicationIds: [client.id] });
    expect((await listRoleApplications(t.ctx(), { roleId: r.id })).items.map((a) => a.id)).toEqual([
      client.id,
    ]);
    await removeRoleApplication(collaborator(), { roleId: r.id, applicationId: client.id });
    await expectDomainError(
      removeRoleApplication(t.ctx(), { roleId: r.id, applicationId: client.id }),
      "role.not_assigned",
    );
  });

  it("refuses User roles, other application types (422) and unknown applications (404)", async () => {
    const [r, spa, client] = [await m2mRole(), await app("SPA"), await app()];
    await expectDomainError(
      assignRoleApplications(t.ctx(), {
        roleId: (await userRole()).id,
        applicationIds: [client.id],
      }),
      "role.type_mismatch",
    );
    const notM2m = await expectDomainError(
      assignRoleApplications(t.ctx(), { roleId: r.id, applicationIds: [client.id, spa.id] }),
      "application.not_machine_to_machine",
    );
    expect(notM2m.status).toBe(422);
    const unknown = await expectDomainError(
      assignRoleApplications(t.ctx(), { roleId: r.id, applicationIds: ["ghost"] }),
      "application.not_found",
    );
    expect(unknown.status).toBe(404);
    expect((await listRoleApplications(t.ctx(), { roleId: r.id })).total).toBe(0);
  });
});

describe("the Management API access role", () => {
  it("is listed as built in, and cannot be deleted, renamed or given other permissions", async () => {
    const { roleId, resourceId } = await ensureManagementApi(t.db(), {
      baseUrl: "https://id.example.com",
    });
    const role = await getRole(t.ctx(), { id: roleId });
    expect(role).toMatchObject({
      name: "Management API access",
      type: "MachineToMachine",
      isManagementApi: true,
      scopesCount: 1,
    });
    const [all] = (await listRoleScopes(t.ctx(), { roleId })).items;
    const {
      scopes: [other],
    } = await scopes("read");
    const code = "role.management_api_protected";
    expect((await expectDomainError(deleteRole(t.ctx(), { id: roleId }), code)).status).toBe(422);
    await expectDomainError(updateRole(t.ctx(), { id: roleId, name: "Mine" }), code);
    await expectDomainError(updateRole(t.ctx(), { id: roleId, description: "Mine" }), code);
    await expectDomainError(
      assignRoleScopes(t.ctx(), { roleId, scopeIds: [other?.id ?? ""] }),
      code,
    );
    await expectDomainError(removeRoleScope(t.ctx(), { roleId, scopeId: all?.id ?? "" }), code);
    expect(await getRole(t.ctx(), { id: roleId })).toEqual(role);
    // assertChangeableResource still recognises the Management API by this role.
    expect((await getApiResource(t.ctx(), { id: resourceId })).isManagementApi).toBe(true);
  });

  it("keeps the Management API's permission to itself: no other role can be given it", async () => {
    const { roleId } = await ensureManagementApi(t.db(), { baseUrl: "https://id.example.com" });
    const [all] = (await listRoleScopes(t.ctx(), { roleId })).items;
    const r = await m2mRole();
    await expectDomainError(
      assignRoleScopes(t.ctx(), { roleId: r.id, scopeIds: [all?.id ?? ""] }),
      "role.management_api_protected",
    );
    expect((await listRoleScopes(t.ctx(), { roleId: r.id })).total).toBe(0);
  });

  it("has a reserved name: no other role can take it", async () => {
    await expectDomainError(
      createRole(t.ctx(), { name: "Management API access", type: "MachineToMachine" }),
      "role.name_taken",
    );
    await expectDomainError(
      updateRole(t.ctx(), { id: (await m2mRole()).id, name: "Management API access" }),
      "role.name_taken",
    );
  });

  it("is given to applications by console admins only, the same way from both paths", async () => {
    const { roleId } = await ensureManagementApi(t.db(), { baseUrl: "https://id.example.com" });
    const [a, b] = [await app(), await app()];
    await assignRoleApplications(t.ctx(), { roleId, applicationIds: [a.id] });
    expect(await getManagementApiAccess(t.ctx(), { applicationId: a.id })).toBe(true);
    await setManagementApiAccess(t.ctx(), { applicationId: b.id, enabled: true });
    expect((await listRoleApplications(t.ctx(), { roleId })).items.map((x) => x.id).sort()).toEqual(
      [a.id, b.id].sort(),
    );
    await setManagementApiAccess(t.ctx(), { applicationId: a.id, enabled: false });
    await removeRoleApplication(t.ctx(), { roleId, applicationId: b.id });
    expect((await listRoleApplications(t.ctx(), { roleId })).total).toBe(0);
    for (const id of [a.id, b.id]) {
      const actions = await t.db().auditLog.findMany({
        where: { targetId: id },
        orderBy: { createdAt: "asc" },
        select: { action: true },
      });
      expect(actions.map((x) => x.action)).toEqual([
        "application.created",
        "application.management_api_granted",
        "application.management_api_revoked",
      ]);
    }

    const refused = await expectDomainError(
      assignRoleApplications(collaborator(), { roleId, applicationIds: [a.id] }),
      "auth.forbidden",
    );
    expect(refused.message).toContain("Management API access");
    await assignRoleApplications(t.ctx(), { roleId, applicationIds: [a.id] });
    await expectDomainError(
      removeRoleApplication(collaborator(), { roleId, applicationId: a.id }),
      "auth.forbidden",
    );
    await expectDomainError(
      setManagementApiAccess(collaborator(), { applicationId: a.id, enabled: false }),
      "auth.forbidden",
    );
    // Collaborators still see who holds it.
    expect((await listRoleApplications(collaborator(), { roleId })).total).toBe(1);
  });
});
