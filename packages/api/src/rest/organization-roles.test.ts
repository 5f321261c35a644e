import type {
  RestApiScope,
  RestOrganizationRole,
  RestOrganizationRoleWithScopes,
  RestOrganizationScope,
  RestRoleScope,
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

  it("answers 422 for unknown scope or resource scope ids (nothing created) and taken names", async () => {
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

    const ghostName = unique("r");
    const resource = await h.call("POST", "/api/organization-roles", {
      body: { name: ghostName, resourceScopeIds: ["ghost-scope"] },
    });
    expect(resource.status).toBe(422);
    expect(resource.body).toMatchObject({
      code: "entity.relation_foreign_key_not_found",
      data: { missing: ["ghost-scope"] },
    });
    const after = await h.ok<RestOrganizationRoleWithScopes[]>(
      "GET",
      `/api/organization-roles?q=${ghostName}`,
      200,
    );
    expect(after).toEqual([]);
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

    it("answers 404 entity.not_found when removing a scope the role does not hold (as Logto)", async () => {
      const s = await scope();
      const role = await h.ok<RestOrganizationRole>("POST", "/api/organization-roles", 201, {
        name: unique("r"),
      });
      const notHeld = await h.call("DELETE", `/api/organization-roles/${role.id}/scopes/${s.id}`);
      expect(notHeld.status).toBe(404);
      expect(notHeld.body).toMatchObject({ code: "entity.not_found" });
      const noRole = await h.call("DELETE", `/api/organization-roles/ghost/scopes/${s.id}`);
      expect(noRole.status).toBe(404);
    });

    it("lists every scope without page/page_size (no Total-Number), and pages with them", async () => {
      const scopes = [await scope(), await scope(), await scope()];
      const role = await h.ok<RestOrganizationRole>("POST", "/api/organization-roles", 201, {
        name: unique("r"),
        organizationScopeIds: scopes.map((s) => s.id),
      });
      const all = await h.call<RestOrganizationScope[]>(
        "GET",
        `/api/organization-roles/${role.id}/scopes`,
      );
      expect(all.body).toHaveLength(3);
      expect(all.headers.get("total-number")).toBeNull();
      const paged = await h.call<RestOrganizationScope[]>(
        "GET",
        `/api/organization-roles/${role.id}/scopes?page=2&page_size=2`,
      );
      expect(paged.body).toHaveLength(1);
      expect(paged.headers.get("total-number")).toBe("3");
    });
  });

  it("lists every role without page/page_size, and pages with them", async () => {
    const prefix = unique("optional-page");
    for (let i = 0; i < 3; i += 1)
      await h.ok("POST", "/api/organization-roles", 201, { name: `${prefix}-${i}` });
    const all = await h.call<RestOrganizationRoleWithScopes[]>(
      "GET",
      `/api/organization-roles?q=${prefix}`,
    );
    expect(all.body.map((r) => r.name)).toEqual([0, 1, 2].map((i) => `${prefix}-${i}`));
    expect(all.headers.get("total-number")).toBeNull();
    const paged = await h.call<RestOrganizationRoleWithScopes[]>(
      "GET",
      `/api/organization-roles?q=${prefix}&page_size=2`,
    );
    expect(paged.body).toHaveLength(2);
    expect(paged.headers.get("total-number")).toBe("3");
  });

  describe("/api/organization-roles/{id}/resource-scopes", () => {
    /** An API resource with permissions `read:<tag>` and `write:<tag>` (Logto's shapes). */
    async function apiResource(name = unique("Things API")) {
      const resource = await h.ok<{ id: string; name: string; indicator: string }>(
        "POST",
        "/api/resources",
        201,
        { name, indicator: `https://${unique("api")}.example.test` },
      );
      const tag = unique("t");
      const read = await h.ok<RestApiScope>("POST", `/api/resources/${resource.id}/scopes`, 201, {
        name: `read:${tag}`,
      });
      const write = await h.ok<RestApiScope>("POST", `/api/resources/${resource.id}/scopes`, 201, {
        name: `write:${tag}`,
      });
      return { resource, read, write };
    }

    it("creates a role with resourceScopeIds and lists them on the role (with their resource)", async () => {
      const { resource, read, write } = await apiResource();
      const name = unique("api-role");
      const role = await h.ok<RestOrganizationRole>("POST", "/api/organization-roles", 201, {
        name,
        resourceScopeIds: [write.id, read.id],
      });
      const [listed] = await h.ok<RestOrganizationRoleWithScopes[]>(
        "GET",
        `/api/organization-roles?q=${name}`,
        200,
      );
      const ref = { id: resource.id, name: resource.name };
      expect(listed?.resourceScopes).toEqual([
        { id: read.id, name: read.name, resource: ref },
        { id: write.id, name: write.name, resource: ref },
      ]);
      const scopes = await h.ok<RestRoleScope[]>(
        "GET",
        `/api/organization-roles/${role.id}/resource-scopes`,
        200,
      );
      expect(scopes).toEqual([
        { ...read, resource: { ...resource, accessTokenTtl: expect.any(Number) as number } },
        { ...write, resource: { ...resource, accessTokenTtl: expect.any(Number) as number } },
      ]);
    });

    it("assigns (201, idempotent), pages, replaces (204) and removes (204; 404 when not held)", async () => {
      const a = await apiResource();
      const b = await apiResource();
      const role = await h.ok<RestOrganizationRole>("POST", "/api/organization-roles", 201, {
        name: unique("r"),
      });
      const path = `/api/organization-roles/${role.id}/resource-scopes`;
      await h.ok("POST", path, 201, { scopeIds: [a.read.id, a.write.id] });
      await h.ok("POST", path, 201, { scopeIds: [a.read.id] });
      const held = async () => (await h.ok<RestRoleScope[]>("GET", path, 200)).map((s) => s.id);
      expect(await held()).toEqual([a.read.id, a.write.id]);

      const page = await h.call<RestRoleScope[]>("GET", `${path}?page=1&page_size=1`);
      expect(page.body.map((s) => s.id)).toEqual([a.read.id]);
      expect(page.headers.get("total-number")).toBe("2");
      expect(parseLinks(page.headers.get("link")).next).toContain("page=2");

      await h.ok("PUT", path, 204, { scopeIds: [b.write.id, a.write.id] });
      expect((await held()).sort()).toEqual([a.write.id, b.write.id].sort());

      await h.ok("DELETE", `${path}/${b.write.id}`, 204);
      expect(await held()).toEqual([a.write.id]);
      const again = await h.call("DELETE", `${path}/${b.write.id}`);
      expect(again.status).toBe(404);
      expect(again.body).toMatchObject({ code: "entity.not_found" });

      await h.ok("PUT", path, 204, { scopeIds: [] });
      expect(await held()).toEqual([]);
    });

    it("answers 422 for unknown ids (nothing changed), 404 for an unknown role, 400 for an empty add", async () => {
      const a = await apiResource();
      const role = await h.ok<RestOrganizationRole>("POST", "/api/organization-roles", 201, {
        name: unique("r"),
        resourceScopeIds: [a.read.id],
      });
      const path = `/api/organization-roles/${role.id}/resource-scopes`;
      for (const method of ["POST", "PUT"]) {
        const response = await h.call(method, path, { body: { scopeIds: [a.write.id, "ghost"] } });
        expect(response.status).toBe(422);
        expect(response.body).toMatchObject({
          code: "entity.relation_foreign_key_not_found",
          data: { missing: ["ghost"] },
        });
      }
      expect((await h.ok<RestRoleScope[]>("GET", path, 200)).map((s) => s.id)).toEqual([a.read.id]);
      for (const [method, suffix, body] of [
        ["GET", "", undefined],
        ["POST", "", { scopeIds: [a.read.id] }],
        ["PUT", "", { scopeIds: [] }],
        ["DELETE", `/${a.read.id}`, undefined],
      ] as const) {
        const response = await h.call(
          method,
          `/api/organization-roles/ghost/resource-scopes${suffix}`,
          body ? { body } : {},
        );
        expect(response.status, `${method} ${suffix}`).toBe(404);
        expect(response.body).toMatchObject({ code: "entity.not_exists_with_id" });
      }
      const empty = await h.call("POST", path, { body: { scopeIds: [] } });
      expect(empty.status).toBe(400);
    });

    it("is in the OpenAPI document with Logto's operation ids and the body's scopeIds", () => {
      const doc = h.api.document();
      const collection = doc.paths["/api/organization-roles/{id}/resource-scopes"];
      expect(collection?.get?.operationId).toBe("ListOrganizationRoleResourceScopes");
      expect(collection?.post?.operationId).toBe("CreateOrganizationRoleResourceScope");
      expect(collection?.put?.operationId).toBe("ReplaceOrganizationRoleResourceScopes");
      expect(
        doc.paths["/api/organization-roles/{id}/resource-scopes/{scopeId}"]?.delete?.operationId,
      ).toBe("DeleteOrganizationRoleResourceScope");
      expect(JSON.stringify(collection?.post?.requestBody)).toContain("scopeIds");
      expect(JSON.stringify(doc.paths["/api/organization-roles"]?.post?.requestBody)).toContain(
        "resourceScopeIds",
      );
    });
  });
});
