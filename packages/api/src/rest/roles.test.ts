import { ensureManagementApi } from "@guildhall/core";
import type {
  RestApiScope,
  RestRole,
  RestRoleScope,
  RestRoleWithCounts,
} from "@guildhall/validators/rest";
import { describe, expect, it } from "vitest";
import { unique, useManagementApi } from "./test/harness.ts";

const h = useManagementApi();

const role = (body: Record<string, unknown> = {}) =>
  h.ok<RestRole>("POST", "/api/roles", 200, { name: unique("Role"), ...body });
const user = () =>
  h.ok<{ id: string }>("POST", "/api/users", 200, { primaryEmail: `${unique("u")}@example.com` });
const app = (type = "MachineToMachine") =>
  h.ok<{ id: string }>("POST", "/api/applications", 200, {
    name: unique("App"),
    type,
    ...(type === "MachineToMachine"
      ? {}
      : { oidcClientMetadata: { redirectUris: ["https://app.example.com/cb"] } }),
  });
async function scope(name = "read") {
  const resource = await h.ok<{ id: string }>("POST", "/api/resources", 201, {
    name: unique("API"),
    indicator: `https://${unique("api")}.example.com`,
  });
  return h.ok<RestApiScope>("POST", `/api/resources/${resource.id}/scopes`, 201, { name });
}

describe("/api/roles", () => {
  it("creates, gets, patches, lists (with counts and a type filter) and deletes", async () => {
    const name = unique("Billing reader");
    const created = await role({ name, description: "Reads invoices" });
    expect(created).toEqual({
      id: expect.any(String) as string,
      name,
      description: "Reads invoices",
      type: "User",
    });
    expect(await h.ok("GET", `/api/roles/${created.id}`, 200)).toEqual(created);
    const patched = await h.ok<RestRole>("PATCH", `/api/roles/${created.id}`, 200, {
      description: null,
    });
    expect(patched).toEqual({ ...created, description: null });
    const m2m = await role({ type: "MachineToMachine" });
    const list = await h.call<RestRoleWithCounts[]>(
      "GET",
      `/api/roles?q=${encodeURIComponent(name)}`,
    );
    expect(list.body).toEqual([{ ...patched, usersCount: 0, applicationsCount: 0 }]);
    expect(list.headers.get("total-number")).toBe("1");
    const machines = await h.ok<RestRoleWithCounts[]>(
      "GET",
      "/api/roles?type=MachineToMachine&page_size=100",
      200,
    );
    expect(machines.map((r) => r.id)).toContain(m2m.id);
    expect(machines.every((r) => r.type === "MachineToMachine")).toBe(true);
    await h.ok("DELETE", `/api/roles/${created.id}`, 204);
    const gone = await h.call("GET", `/api/roles/${created.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ code: "entity.not_exists_with_id" });
  });

  it("answers 422 role.name_in_use for a taken name, 400 for bad bodies", async () => {
    const taken = await role();
    const duplicate = await h.call("POST", "/api/roles", { body: { name: taken.name } });
    expect(duplicate.status).toBe(422);
    expect(duplicate.body).toMatchObject({ code: "role.name_in_use", data: { name: taken.name } });
    for (const body of [
      {},
      { name: "" },
      { name: "x", type: "Admin" },
      { name: "x", scopeIds: ["s"] },
      { name: "x", isDefault: true },
    ]) {
      const response = await h.call("POST", "/api/roles", { body });
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
  });
});

describe("/api/roles/{id}/scopes", () => {
  it("links (201, idempotent), lists with the resource, and unlinks scopes", async () => {
    const r = await role();
    const read = await scope("read");
    const linked = await h.ok<RestApiScope[]>("POST", `/api/roles/${r.id}/scopes`, 201, {
      scopeIds: [read.id],
    });
    expect(linked).toEqual([read]);
    await h.ok("POST", `/api/roles/${r.id}/scopes`, 201, { scopeIds: [read.id] });
    const list = await h.call<RestRoleScope[]>("GET", `/api/roles/${r.id}/scopes`);
    expect(list.body).toEqual([
      { ...read, resource: expect.objectContaining({ id: read.resourceId }) as unknown },
    ]);
    expect(list.headers.get("total-number")).toBe("1");
    await h.ok("DELETE", `/api/roles/${r.id}/scopes/${read.id}`, 204);
    const again = await h.call("DELETE", `/api/roles/${r.id}/scopes/${read.id}`);
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({ code: "entity.not_found" });
  });

  it("answers 422 for unknown scope ids, 400 for an empty list, 404 for an unknown role", async () => {
    const r = await role();
    const unknown = await h.call("POST", `/api/roles/${r.id}/scopes`, {
      body: { scopeIds: ["ghost"] },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({
      code: "entity.relation_foreign_key_not_found",
      data: { missing: ["ghost"] },
    });
    expect(
      (await h.call("POST", `/api/roles/${r.id}/scopes`, { body: { scopeIds: [] } })).status,
    ).toBe(400);
    expect((await h.call("GET", "/api/roles/ghost/scopes")).status).toBe(404);
  });
});

describe("/api/roles/{id}/users and /api/users/{userId}/roles", () => {
  it("assigns (201), lists and removes users, from both sides", async () => {
    const r = await role();
    const [alice, bob] = [await user(), await user()];
    await h.ok("POST", `/api/roles/${r.id}/users`, 201, { userIds: [alice.id] });
    await h.ok("POST", `/api/users/${bob.id}/roles`, 201, { roleIds: [r.id] });
    const users = await h.call<{ id: string }[]>("GET", `/api/roles/${r.id}/users`);
    expect(users.body.map((u) => u.id).sort()).toEqual([alice.id, bob.id].sort());
    expect(users.headers.get("total-number")).toBe("2");
    expect(await h.ok("GET", `/api/users/${alice.id}/roles`, 200)).toEqual([r]);
    await h.ok("DELETE", `/api/roles/${r.id}/users/${alice.id}`, 204);
    await h.ok("DELETE", `/api/users/${bob.id}/roles/${r.id}`, 204);
    const again = await h.call("DELETE", `/api/users/${bob.id}/roles/${r.id}`);
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({ code: "entity.not_found" });
  });

  it("answers 422 for machine-to-machine roles and 404 for unknown users", async () => {
    const m2m = await role({ type: "MachineToMachine" });
    const alice = await user();
    for (const [path, body] of [
      [`/api/roles/${m2m.id}/users`, { userIds: [alice.id] }],
      [`/api/users/${alice.id}/roles`, { roleIds: [m2m.id] }],
    ] as const) {
      const response = await h.call("POST", path, { body });
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ code: "role.type_mismatch" });
    }
    const r = await role();
    const unknown = await h.call("POST", `/api/roles/${r.id}/users`, {
      body: { userIds: ["ghost"] },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({
      code: "entity.not_exists_with_id",
      data: { missing: ["ghost"] },
    });
    expect((await h.call("GET", "/api/users/ghost/roles")).status).toBe(404);
  });
});

describe("/api/roles/{id}/applications", () => {
  it("assigns (201), lists and removes machine-to-machine applications; refuses others with 422", async () => {
    const r = await role({ type: "MachineToMachine" });
    const client = await app();
    await h.ok("POST", `/api/roles/${r.id}/applications`, 201, { applicationIds: [client.id] });
    const list = await h.call<{ id: string }[]>("GET", `/api/roles/${r.id}/applications`);
    expect(list.body.map((a) => a.id)).toEqual([client.id]);
    const spa = await app("SPA");
    const notM2m = await h.call("POST", `/api/roles/${r.id}/applications`, {
      body: { applicationIds: [spa.id] },
    });
    expect(notM2m.status).toBe(422);
    expect(notM2m.body).toMatchObject({ code: "application.not_machine_to_machine" });
    const userRole = await role();
    const mismatch = await h.call("POST", `/api/roles/${userRole.id}/applications`, {
      body: { applicationIds: [client.id] },
    });
    expect(mismatch.body).toMatchObject({ code: "role.type_mismatch" });
    const unknown = await h.call("POST", `/api/roles/${r.id}/applications`, {
      body: { applicationIds: ["ghost"] },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: "entity.not_exists_with_id" });
    await h.ok("DELETE", `/api/roles/${r.id}/applications/${client.id}`, 204);
    expect((await h.call("DELETE", `/api/roles/${r.id}/applications/${client.id}`)).status).toBe(
      404,
    );
  });
});

describe("the Management API access role", () => {
  it("answers 422 role.management_api_protected to changes, and takes applications", async () => {
    const { roleId } = await ensureManagementApi(h.db, { baseUrl: h.baseUrl });
    const other = await scope("more");
    const [all] = await h.ok<RestRoleScope[]>("GET", `/api/roles/${roleId}/scopes`, 200);
    const attempts = [
      h.call("DELETE", `/api/roles/${roleId}`),
      h.call("PATCH", `/api/roles/${roleId}`, { body: { name: "Mine" } }),
      h.call("POST", `/api/roles/${roleId}/scopes`, { body: { scopeIds: [other.id] } }),
      h.call("DELETE", `/api/roles/${roleId}/scopes/${all?.id ?? ""}`),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ code: "role.management_api_protected" });
    }
    const client = await app();
    await h.ok("POST", `/api/roles/${roleId}/applications`, 201, { applicationIds: [client.id] });
    await h.ok("DELETE", `/api/roles/${roleId}/applications/${client.id}`, 204);
  });
});
