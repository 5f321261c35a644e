import { describe, expect, it } from "vitest";
import { ensureManagementApi } from "../applications/management-api-access.ts";
import { expectDomainError, unique, useTestDatabase } from "../test-utils.ts";
import {
  createApiResource,
  createApiScope,
  deleteApiResource,
  deleteApiScope,
  getApiResource,
  listApiResources,
  listApiScopes,
  updateApiResource,
  updateApiScope,
} from "./index.ts";

const t = useTestDatabase();
const indicator = () => `https://${unique("api")}.example.com`;
const resource = (over: { name?: string; indicator?: string } = {}) =>
  createApiResource(t.ctx(), { name: unique("API"), indicator: indicator(), ...over });

describe("API resources", () => {
  it("creates, gets, updates and deletes, with audit entries", async () => {
    const created = await resource({ name: "Billing API" });
    expect(created).toMatchObject({
      name: "Billing API",
      accessTokenTtl: 3600,
      isManagementApi: false,
    });
    expect(await getApiResource(t.ctx(), { id: created.id })).toEqual(created);
    const updated = await updateApiResource(t.ctx(), {
      id: created.id,
      name: "Billing",
      accessTokenTtl: 600,
    });
    expect(updated).toMatchObject({
      name: "Billing",
      accessTokenTtl: 600,
      indicator: created.indicator,
    });
    await deleteApiResource(t.ctx(), { id: created.id });
    await expectDomainError(getApiResource(t.ctx(), { id: created.id }), "api_resource.not_found");
    const actions = await t.db().auditLog.findMany({
      where: { targetId: created.id },
      orderBy: { createdAt: "asc" },
      select: { action: true },
    });
    expect(actions.map((a) => a.action)).toEqual([
      "api_resource.created",
      "api_resource.updated",
      "api_resource.deleted",
    ]);
  });

  it("validates the indicator, the name and the token lifetime", async () => {
    for (const bad of ["api.example.com", "not a uri", "https://api.example.com/#x", ""]) {
      await expectDomainError(
        createApiResource(t.ctx(), { name: "x", indicator: bad }),
        "guard.invalid_input",
      );
    }
    await expectDomainError(
      createApiResource(t.ctx(), { name: " ", indicator: indicator() }),
      "guard.invalid_input",
    );
    await expectDomainError(
      createApiResource(t.ctx(), { name: "x", indicator: indicator(), accessTokenTtl: 10 }),
      "guard.invalid_input",
    );
    const r = await resource();
    await expectDomainError(
      updateApiResource(t.ctx(), { id: r.id, accessTokenTtl: 1.5 }),
      "guard.invalid_input",
    );
  });

  it("keeps the indicator unique (409) and immutable", async () => {
    const r = await resource();
    const error = await expectDomainError(
      resource({ indicator: r.indicator }),
      "api_resource.indicator_taken",
    );
    expect(error.status).toBe(409);
    // An update schema without `indicator` strips it: the identifier never changes.
    const same = await updateApiResource(t.ctx(), {
      id: r.id,
      indicator: "https://other.example.com",
    } as never);
    expect(same.indicator).toBe(r.indicator);
  });

  it("answers not_found for unknown ids", async () => {
    await expectDomainError(getApiResource(t.ctx(), { id: "ghost" }), "api_resource.not_found");
    await expectDomainError(
      updateApiResource(t.ctx(), { id: "ghost", name: "x" }),
      "api_resource.not_found",
    );
    await expectDomainError(deleteApiResource(t.ctx(), { id: "ghost" }), "api_resource.not_found");
    await expectDomainError(
      listApiScopes(t.ctx(), { resourceId: "ghost" }),
      "api_resource.not_found",
    );
    await expectDomainError(
      createApiScope(t.ctx(), { resourceId: "ghost", name: "read" }),
      "api_resource.not_found",
    );
  });

  it("lists with search on name and indicator, and pagination", async () => {
    const prefix = unique("search");
    for (let i = 0; i < 3; i++) await resource({ name: `${prefix} ${i}` });
    const byIndicator = await resource({ indicator: `https://${prefix}.internal.example.com` });
    const page = await listApiResources(t.ctx(), { q: prefix.toUpperCase(), page: 1, pageSize: 2 });
    expect(page.total).toBe(4);
    expect(page.items).toHaveLength(2);
    const indicated = await listApiResources(t.ctx(), { q: `${prefix}.internal` });
    expect(indicated.items.map((r) => r.id)).toEqual([byIndicator.id]);
    await expectDomainError(listApiResources(t.ctx(), { pageSize: 101 }), "guard.invalid_input");
  });

  it("is for console admins and collaborators, not end users", async () => {
    const collaborator = t.ctx({
      actor: { type: "console", userId: "collab", role: "collaborator" },
    });
    const r = await createApiResource(collaborator, {
      name: "By collaborator",
      indicator: indicator(),
    });
    await createApiScope(collaborator, { resourceId: r.id, name: "read" });
    const user = t.ctx({ actor: { type: "user", userId: "u" } });
    await expectDomainError(listApiResources(user), "auth.forbidden");
    await expectDomainError(
      createApiResource(user, { name: "x", indicator: indicator() }),
      "auth.forbidden",
    );
    await expectDomainError(deleteApiResource(user, { id: r.id }), "auth.forbidden");
    await expectDomainError(
      createApiScope(user, { resourceId: r.id, name: "write" }),
      "auth.forbidden",
    );
  });
});

describe("API resource permissions (scopes)", () => {
  it("creates, lists, updates and deletes permissions", async () => {
    const r = await resource();
    const read = await createApiScope(t.ctx(), {
      resourceId: r.id,
      name: "read:invoice",
      description: "Read invoices",
    });
    expect(read).toMatchObject({
      resourceId: r.id,
      name: "read:invoice",
      description: "Read invoices",
    });
    await createApiScope(t.ctx(), { resourceId: r.id, name: "write:invoice" });
    const list = await listApiScopes(t.ctx(), { resourceId: r.id });
    expect(list.items.map((s) => s.name)).toEqual(["read:invoice", "write:invoice"]);
    expect(
      (await listApiScopes(t.ctx(), { resourceId: r.id, q: "invoices" })).items.map((s) => s.id),
    ).toEqual([read.id]);
    const renamed = await updateApiScope(t.ctx(), {
      resourceId: r.id,
      id: read.id,
      name: "read:invoices",
      description: null,
    });
    expect(renamed).toMatchObject({ name: "read:invoices", description: null });
    await deleteApiScope(t.ctx(), { resourceId: r.id, id: read.id });
    expect((await listApiScopes(t.ctx(), { resourceId: r.id })).total).toBe(1);
  });

  it("keeps names unique per resource (409), without whitespace", async () => {
    const [a, b] = [await resource(), await resource()];
    await createApiScope(t.ctx(), { resourceId: a.id, name: "read" });
    const error = await expectDomainError(
      createApiScope(t.ctx(), { resourceId: a.id, name: "read" }),
      "api_scope.name_taken",
    );
    expect(error.status).toBe(409);
    await createApiScope(t.ctx(), { resourceId: b.id, name: "read" });
    const write = await createApiScope(t.ctx(), { resourceId: a.id, name: "write" });
    await expectDomainError(
      updateApiScope(t.ctx(), { resourceId: a.id, id: write.id, name: "read" }),
      "api_scope.name_taken",
    );
    await expectDomainError(
      createApiScope(t.ctx(), { resourceId: a.id, name: "read all" }),
      "guard.invalid_input",
    );
    await expectDomainError(
      createApiScope(t.ctx(), { resourceId: a.id, name: "" }),
      "guard.invalid_input",
    );
  });

  it("answers api_scope.not_found for a scope of another resource or an unknown one", async () => {
    const [a, b] = [await resource(), await resource()];
    const scope = await createApiScope(t.ctx(), { resourceId: a.id, name: "read" });
    await expectDomainError(
      updateApiScope(t.ctx(), { resourceId: b.id, id: scope.id, name: "x" }),
      "api_scope.not_found",
    );
    await expectDomainError(
      deleteApiScope(t.ctx(), { resourceId: b.id, id: scope.id }),
      "api_scope.not_found",
    );
    await expectDomainError(
      deleteApiScope(t.ctx(), { resourceId: a.id, id: "ghost" }),
      "api_scope.not_found",
    );
  });
});

describe("the Management API resource", () => {
  it("is listed but cannot be changed, deleted, or have its permissions changed", async () => {
    const { resourceId } = await ensureManagementApi(t.db(), { baseUrl: "https://id.example.com" });
    const management = await getApiResource(t.ctx(), { id: resourceId });
    expect(management).toMatchObject({
      indicator: "https://id.example.com/api",
      isManagementApi: true,
    });
    const [all] = (await listApiScopes(t.ctx(), { resourceId })).items;
    expect(all?.name).toBe("all");
    const code = "api_resource.management_api_protected";
    const error = await expectDomainError(deleteApiResource(t.ctx(), { id: resourceId }), code);
    expect(error.status).toBe(422);
    await expectDomainError(updateApiResource(t.ctx(), { id: resourceId, name: "Mine" }), code);
    await expectDomainError(createApiScope(t.ctx(), { resourceId, name: "more" }), code);
    await expectDomainError(
      updateApiScope(t.ctx(), { resourceId, id: all?.id ?? "", name: "everything" }),
      code,
    );
    await expectDomainError(deleteApiScope(t.ctx(), { resourceId, id: all?.id ?? "" }), code);
    expect(await getApiResource(t.ctx(), { id: resourceId })).toEqual(management);
  });

  it("is recognised by its role link, not by its indicator or scope name", async () => {
    const lookalike = await resource({ indicator: `https://${unique("x")}.example.com/api` });
    await createApiScope(t.ctx(), { resourceId: lookalike.id, name: "all" });
    expect((await getApiResource(t.ctx(), { id: lookalike.id })).isManagementApi).toBe(false);
    await deleteApiResource(t.ctx(), { id: lookalike.id });
  });
});
