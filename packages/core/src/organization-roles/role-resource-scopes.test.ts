import { describe, expect, it } from "vitest";
import { createApiResource, createApiScope } from "../api-resources/index.ts";
import { ensureManagementApi } from "../applications/management-api-access.ts";
import { createOrganizationPermission } from "../organization-permissions/index.ts";
import { expectDomainError, unique, useTestDatabase } from "../test-utils.ts";
import {
  addOrganizationRoleResourceScopes,
  addRolePermissions,
  createOrganizationRole,
  deleteOrganizationRole,
  getOrganizationRole,
  listOrganizationRoleResourceScopes,
  removeOrganizationRoleResourceScope,
  removeRolePermission,
  replaceOrganizationRoleResourceScopes,
} from "./index.ts";

const t = useTestDatabase();

/** An API resource with `count` permissions, named `<prefix>:0`, `<prefix>:1`, ... */
async function api(count = 2, name = unique("Things API")) {
  const resource = await createApiResource(t.ctx(), {
    name,
    indicator: `https://${unique("api")}.example.test`,
  });
  const scopes = [];
  for (let i = 0; i < count; i++)
    scopes.push(await createApiScope(t.ctx(), { resourceId: resource.id, name: `do:thing${i}` }));
  return { resource, scopes, ids: scopes.map((s) => s.id) };
}

const role = (over: { resourceScopeIds?: string[] } = {}) =>
  createOrganizationRole(t.ctx(), { name: unique("role"), ...over });

describe("organization roles with API resource permissions", () => {
  it("creates a role with API resource permissions and lists them with their API resource", async () => {
    const a = await api(2, "A API");
    const b = await api(1, "B API");
    const created = await role({ resourceScopeIds: [b.ids[0] ?? "", ...a.ids, a.ids[0] ?? ""] });
    // By API resource, then name; each with the resource's id and name (Logto's shape).
    expect(created.resourceScopes).toEqual([
      ...a.scopes.map((s) => ({
        id: s.id,
        name: s.name,
        resource: { id: a.resource.id, name: "A API" },
      })),
      { id: b.ids[0], name: "do:thing0", resource: { id: b.resource.id, name: "B API" } },
    ]);
    expect((await getOrganizationRole(t.ctx(), { id: created.id })).resourceScopes).toEqual(
      created.resourceScopes,
    );
    const list = await listOrganizationRoleResourceScopes(t.ctx(), { roleId: created.id });
    expect(list.total).toBe(3);
    expect(list.items[0]).toMatchObject({
      id: a.ids[0],
      resourceId: a.resource.id,
      resource: { id: a.resource.id, indicator: a.resource.indicator },
    });
    const searched = await listOrganizationRoleResourceScopes(t.ctx(), {
      roleId: created.id,
      q: "thing1",
    });
    expect(searched.items.map((s) => s.id)).toEqual([a.ids[1]]);
  });

  it("creates nothing when one id is unknown, and names the unknown ids", async () => {
    const a = await api(1);
    const name = unique("ghost");
    const error = await expectDomainError(
      createOrganizationRole(t.ctx(), { name, resourceScopeIds: [...a.ids, "missing-1"] }),
      "organization_role.resource_scope_not_found",
    );
    expect(error.data).toEqual({ missing: ["missing-1"] });
    expect(await t.db().organizationRole.count({ where: { name } })).toBe(0);
  });

  it("adds (idempotently), replaces and removes; removing one not held is not_assigned", async () => {
    const a = await api(3);
    const [s0, s1, s2] = a.ids as [string, string, string];
    const r = await role();
    expect(
      (await addOrganizationRoleResourceScopes(t.ctx(), { roleId: r.id, scopeIds: [s0, s1] })).map(
        (s) => s.id,
      ),
    ).toEqual([s0, s1]);
    await addOrganizationRoleResourceScopes(t.ctx(), { roleId: r.id, scopeIds: [s1] });
    const held = async () =>
      (await listOrganizationRoleResourceScopes(t.ctx(), { roleId: r.id })).items.map((s) => s.id);
    expect(await held()).toEqual([s0, s1]);

    const replaced = await replaceOrganizationRoleResourceScopes(t.ctx(), {
      roleId: r.id,
      scopeIds: [s2, s1],
    });
    expect(replaced.map((s) => s.id)).toEqual([s1, s2]);
    expect(await held()).toEqual([s1, s2]);

    await removeOrganizationRoleResourceScope(t.ctx(), { roleId: r.id, scopeId: s1 });
    expect(await held()).toEqual([s2]);
    const error = await expectDomainError(
      removeOrganizationRoleResourceScope(t.ctx(), { roleId: r.id, scopeId: s1 }),
      "organization_role.not_assigned",
    );
    expect(error.data).toEqual({ roleId: r.id, scopeId: s1 });

    await replaceOrganizationRoleResourceScopes(t.ctx(), { roleId: r.id, scopeIds: [] });
    expect(await held()).toEqual([]);
    const audit = await t.db().auditLog.findMany({
      where: { targetId: r.id },
      orderBy: { createdAt: "asc" },
      select: { action: true },
    });
    expect(audit.map((e) => e.action)).toEqual([
      "organization_role.created",
      "organization_role.resource_scopes_added",
      "organization_role.resource_scopes_added",
      "organization_role.resource_scopes_replaced",
      "organization_role.resource_scope_removed",
      "organization_role.resource_scopes_replaced",
    ]);
  });

  it("a failed add or replace writes nothing", async () => {
    const a = await api(2);
    const [s0, s1] = a.ids as [string, string];
    const r = await role({ resourceScopeIds: [s0] });
    await expectDomainError(
      replaceOrganizationRoleResourceScopes(t.ctx(), { roleId: r.id, scopeIds: [s1, "nope"] }),
      "organization_role.resource_scope_not_found",
    );
    await expectDomainError(
      addOrganizationRoleResourceScopes(t.ctx(), { roleId: r.id, scopeIds: [s1, "nope"] }),
      "organization_role.resource_scope_not_found",
    );
    expect(
      (await listOrganizationRoleResourceScopes(t.ctx(), { roleId: r.id })).items.map((s) => s.id),
    ).toEqual([s0]);
  });

  it("refuses the Management API's permission", async () => {
    await ensureManagementApi(t.db(), { baseUrl: "http://guildhall.test" });
    const all = await t.db().apiScope.findFirstOrThrow({
      where: { resource: { indicator: "http://guildhall.test/api" } },
    });
    const name = unique("sneaky");
    await expectDomainError(
      createOrganizationRole(t.ctx(), { name, resourceScopeIds: [all.id] }),
      "api_resource.management_api_protected",
    );
    expect(await t.db().organizationRole.count({ where: { name } })).toBe(0);
    const r = await role();
    await expectDomainError(
      addOrganizationRoleResourceScopes(t.ctx(), { roleId: r.id, scopeIds: [all.id] }),
      "api_resource.management_api_protected",
    );
  });

  it("answers organization_role.not_found for a role that does not exist", async () => {
    const a = await api(1);
    const calls = [
      () => listOrganizationRoleResourceScopes(t.ctx(), { roleId: "no-role" }),
      () => addOrganizationRoleResourceScopes(t.ctx(), { roleId: "no-role", scopeIds: a.ids }),
      () => replaceOrganizationRoleResourceScopes(t.ctx(), { roleId: "no-role", scopeIds: [] }),
      () =>
        removeOrganizationRoleResourceScope(t.ctx(), {
          roleId: "no-role",
          scopeId: a.ids[0] ?? "",
        }),
    ];
    for (const call of calls) await expectDomainError(call(), "organization_role.not_found");
  });

  it("is for console and Management API callers only", async () => {
    const r = await role();
    const member = t.ctx({ actor: { type: "user", userId: "someone" } });
    await expectDomainError(
      listOrganizationRoleResourceScopes(member, { roleId: r.id }),
      "auth.forbidden",
    );
    await expectDomainError(
      addOrganizationRoleResourceScopes(member, { roleId: r.id, scopeIds: [] }),
      "auth.forbidden",
    );
  });

  it("deleting the role or the API permission drops the link", async () => {
    const a = await api(2);
    const [s0, s1] = a.ids as [string, string];
    const r = await role({ resourceScopeIds: [s0, s1] });
    await t.db().apiScope.delete({ where: { id: s0 } });
    expect(
      (await getOrganizationRole(t.ctx(), { id: r.id })).resourceScopes.map((s) => s.id),
    ).toEqual([s1]);
    await deleteOrganizationRole(t.ctx(), { id: r.id });
    expect(
      await t.db().organizationRoleApiScope.count({ where: { organizationRoleId: r.id } }),
    ).toBe(0);
  });
});

describe("removing one organization permission from a role", () => {
  it("removes it when held, and answers not_assigned otherwise", async () => {
    const p = await createOrganizationPermission(t.ctx(), { name: unique("read:x") });
    const r = await role();
    await addRolePermissions(t.ctx(), { roleId: r.id, permissionIds: [p.id] });
    await removeRolePermission(t.ctx(), { roleId: r.id, permissionId: p.id });
    expect((await getOrganizationRole(t.ctx(), { id: r.id })).permissions).toEqual([]);
    await expectDomainError(
      removeRolePermission(t.ctx(), { roleId: r.id, permissionId: p.id }),
      "organization_role.not_assigned",
    );
    await expectDomainError(
      removeRolePermission(t.ctx(), { roleId: "no-role", permissionId: p.id }),
      "organization_role.not_found",
    );
  });
});
