import type {
  RestOrganizationRole,
  RestOrganizationRoleWithScopes,
  RestOrganizationScope,
} from "@guildhall/validators/rest";
import { describe, expect, it } from "vitest";
import { parseLinks, unique, useManagementApi } from "./test/harness.ts";

const h = useManagementApi();

const scope = (name = unique("read:thing")) =>
  h.ok<RestOrganizationScope>("POST", "/api/organization-scopes", 201, {
    name,
    description: "Reads",
  });

describe("/api/organization-scopes", () => {
  it("creates, gets, updates and deletes a scope", async () => {
    const name = unique("invite:member");
    const created = await h.ok<RestOrganizationScope>("POST", "/api/organization-scopes", 201, {
      name,
      description: "Invite people",
    });
    expect(created).toEqual({
      id: expect.any(String) as string,
      name,
      description: "Invite people",
    });
    expect(await h.ok("GET", `/api/organization-scopes/${created.id}`, 200)).toEqual(created);
    const renamed = await h.ok<RestOrganizationScope>(
      "PATCH",
      `/api/organization-scopes/${created.id}`,
      200,
      { name: `${name}-2` },
    );
    expect(renamed).toEqual({ ...created, name: `${name}-2` });
    await h.ok("DELETE", `/api/organization-scopes/${created.id}`, 204);
    const gone = await h.call("DELETE", `/api/organization-scopes/${created.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ code: "entity.not_exists_with_id" });
  });

  it("answers 422 entity.unique_integrity_violation for a taken name, on create and rename", async () => {
    const taken = await scope();
    const create = await h.call("POST", "/api/organization-scopes", { body: { name: taken.name } });
    expect(create.status).toBe(422);
    expect(create.body).toMatchObject({ code: "entity.unique_integrity_violation" });
    const other = await scope();
    const rename = await h.call("PATCH", `/api/organization-scopes/${other.id}`, {
      body: { name: taken.name },
    });
    expect(rename.status).toBe(422);
    expect(rename.body).toMatchObject({ code: "entity.unique_integrity_violation" });
  });

  it("rejects names with spaces (400)", async () => {
    const response = await h.call("POST", "/api/organization-scopes", {
      body: { name: "read thing" },
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: "guard.invalid_input" });
  });

  it("lists with q and pagination", async () => {
    const prefix = unique("list:scope");
    for (let i = 0; i < 3; i += 1) await scope(`${prefix}-${i}`);
    const page = await h.call<RestOrganizationScope[]>(
      "GET",
      `/api/organization-scopes?q=${prefix}&page_size=2`,
    );
    expect(page.body.map((s) => s.name)).toEqual([`${prefix}-0`, `${prefix}-1`]);
    expect(page.headers.get("total-number")).toBe("3");
    expect(parseLinks(page.headers.get("link")).next).toContain("page=2");
  });
});

describe("/api/organization-roles", () => {
  it("creates a role with scopes (201, the role), lists it with its scopes", async () => {
    const [a, b] = [await scope(), await scope()];
    const name = unique("admin");
    const created = await h.ok<RestOrganizationRole>("POST", "/api/organization-roles", 201, {
      name,
      description: "Admins",
      organizationScopeIds: [a.id, b.id],
    });
    expect(created).toEqual({
      id: expect.any(String) as string,
      name,
      description: "Admins",
      type: "User",
    });

    const [listed] = await h.ok<RestOrganizationRoleWithScopes[]>(
      "GET",
      `/api/organization-roles?q=${name}`,
      200,
    );
    expect(listed).toEqual({
      ...created,
      scopes: [a, b]
        .map(({ id, name: n }) => ({ id, name: n }))
        .sort((x, y) => x.name.localeCompare(y.name)),
      resourceScopes: [],
    });
    expect(await h.ok("GET", `/api/organization-roles/${created.id}`, 200)).toEqual(created);
  });

  it("answers 422 for unknown scope ids and taken names, 400 for resource scopes", async () => {
    const unknown = await h.call("POST", "/api/organization-roles", {
      body: { name: unique("r"), organizationScopeIds: ["ghost"] },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({
      code: "entity.relation_foreign_key_not_found",
      data: { missing: ["ghost"] },
    });

    const name = unique("taken");
    await h.ok("POST", "/api/organization-roles", 201, { name });
    const taken = await h.call("POST", "/api/organization-roles", { body: { name } });
    expect(taken.status).toBe(422);
    expect(taken.body).toMatchObject({ code: "entity.unique_integrity_violation" });

    const resource = await h.call("POST", "/api/organization-roles", {
      body: { name: unique("r"), organizationResourceScopeIds: ["x"] },
    });
    expect(resource.status).toBe(400);
  });

  it("updates and deletes a role; 404 once gone", async () => {
    const role = await h.ok<RestOrganizationRole>("POST", "/api/organization-roles", 201, {
      name: unique("editor"),
    });
    const updated = await h.ok<RestOrganizationRole>(
      "PATCH",
      `/api/organization-roles/${role.id}`,
      200,
      {
        description: "Edits",
        type: "MachineToMachine",
      },
    );
    expect(updated).toEqual({ ...role, description: "Edits", type: "MachineToMachine" });
    await h.ok("DELETE", `/api/organization-roles/${role.id}`, 204);
    for (const method of ["GET", "DELETE"]) {
      const response = await h.call(method, `/api/organization-roles/${role.id}`);
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ code: "entity.not_exists_with_id" });
    }
  });

  it("refuses to change the type of a role someone holds (422)", async () => {
    const role = await h.ok<RestOrganizationRole>("POST", "/api/organization-roles", 201, {
      name: unique("held"),
    });
    const org = await h.ok<{ id: string }>("POST", "/api/organizations", 201, {
      name: unique("Org"),
    });
    const u = await h.ok<{ id: string }>("POST", "/api/users", 200, {
      primaryEmail: `${unique("u")}@example.com`,
    });
    await h.ok("POST", `/api/organizations/${org.id}/users`, 201, { userIds: [u.id] });
    await h.ok("POST", `/api/organizations/${org.id}/users/${u.id}/roles`, 201, {
      organizationRoleIds: [role.id],
    });
    const response = await h.call("PATCH", `/api/organization-roles/${role.id}`, {
      body: { type: "MachineToMachine" },
    });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: "organization_role.type_in_use" });
  });

  describe("/api/organization-roles/{id}/scopes", () => {
    it("adds (201, idempotent), lists (paginated), replaces (204) and removes (204) scopes", async () => {
      const [a, b, c] = [await scope(), await scope(), await scope()];
      const role = await h.ok<RestOrganizationRole>("POST", "/api/organization-roles", 201, {
        name: unique("r"),
      });
      await h.ok("POST", `/api/organization-roles/${role.id}/scopes`, 201, {
        organizationScopeIds: [a.id, b.id],
      });
      await h.ok("POST", `/api/organization-roles/${role.id}/scopes`, 201, {
        organizationScopeIds: [a.id],
      });

      const first = await h.call<RestOrganizationScope[]>(
        "GET",
        `/api/organization-roles/${role.id}/scopes?page_size=1`,
      );
      expect(first.headers.get("total-number")).toBe("2");
      expect(first.body).toHaveLength(1);
      expect(parseLinks(first.headers.get("link")).last).toContain("page=2");

      await h.ok("PUT", `/api/organization-roles/${role.id}/scopes`, 204, {
        organizationScopeIds: [b.id, c.id],
      });
      const replaced = await h.ok<RestOrganizationScope[]>(
        "GET",
        `/api/organization-roles/${role.id}/scopes`,
        200,
      );
      expect(replaced.map((s) => s.id).sort()).toEqual([b.id, c.id].sort());

      await h.ok("DELETE", `/api/organization-roles/${role.id}/scopes/${b.id}`, 204);
      expect(
        (
          await h.ok<RestOrganizationScope[]>(
            "GET",
            `/api/organization-roles/${role.id}/scopes`,
            200,
          )
        ).map((s) => s.id),
      ).toEqual([c.id]);
    });

    it("answers 404 for an unknown role and 422 for unknown scopes; needs at least one id to add", async () => {
      const s = await scope();
      const noRole = await h.call("POST", "/api/organization-roles/ghost/scopes", {
        body: { organizationScopeIds: [s.id] },
      });
      expect(noRole.status).toBe(404);
      expect(noRole.body).toMatchObject({ code: "entity.not_exists_with_id" });
      expect((await h.call("GET", "/api/organization-roles/ghost/scopes")).status).toBe(404);

      const role = await h.ok<RestOrganizationRole>("POST", "/api/organization-roles", 201, {
        name: unique("r"),
      });
      const noScope = await h.call("PUT", `/api/organization-roles/${role.id}/scopes`, {
        body: { organizationScopeIds: ["ghost"] },
      });
      expect(noScope.status).toBe(422);
      expect(noScope.body).toMatchObject({ code: "entity.relation_foreign_key_not_found" });

      const empty = await h.call("POST", `/api/organization-roles/${role.id}/scopes`, {
        body: { organizationScopeIds: [] },
      });
      expect(empty.status).toBe(400);
    });
  });
});
