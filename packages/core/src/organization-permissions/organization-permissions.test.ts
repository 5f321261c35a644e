import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.ts";
import { unique, useTestDatabase } from "../test-utils.ts";
import {
  createOrganizationPermission,
  deleteOrganizationPermission,
  getOrganizationPermission,
  listOrganizationPermissions,
  updateOrganizationPermission,
} from "./index.ts";

const t = useTestDatabase();

async function expectCode(promise: Promise<unknown>, code: string) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
}

describe("organization permissions", () => {
  it("creates, gets, updates and deletes", async () => {
    const name = unique("read:thing");
    const created = await createOrganizationPermission(t.ctx(), {
      name,
      description: "Read things",
    });
    expect(created).toMatchObject({ name, description: "Read things" });
    expect(await getOrganizationPermission(t.ctx(), { id: created.id })).toEqual(created);
    const renamed = await updateOrganizationPermission(t.ctx(), {
      id: created.id,
      name: `${name}:v2`,
    });
    expect(renamed.name).toBe(`${name}:v2`);
    await deleteOrganizationPermission(t.ctx(), { id: created.id });
    await expectCode(
      getOrganizationPermission(t.ctx(), { id: created.id }),
      "organization_permission.not_found",
    );
  });

  it("rejects duplicate names, bad names, and unknown ids", async () => {
    const name = unique("dup");
    await createOrganizationPermission(t.ctx(), { name });
    await expectCode(
      createOrganizationPermission(t.ctx(), { name }),
      "organization_permission.name_taken",
    );
    await expectCode(
      createOrganizationPermission(t.ctx(), { name: "has space" }),
      "guard.invalid_input",
    );
    await expectCode(createOrganizationPermission(t.ctx(), { name: "" }), "guard.invalid_input");
    await expectCode(
      updateOrganizationPermission(t.ctx(), { id: "nope", name: "x" }),
      "organization_permission.not_found",
    );
    await expectCode(
      deleteOrganizationPermission(t.ctx(), { id: "nope" }),
      "organization_permission.not_found",
    );
    const other = await createOrganizationPermission(t.ctx(), { name: unique("other") });
    await expectCode(
      updateOrganizationPermission(t.ctx(), { id: other.id, name }),
      "organization_permission.name_taken",
    );
  });

  it("lists with search and pagination", async () => {
    const prefix = unique("page");
    for (let i = 0; i < 5; i++)
      await createOrganizationPermission(t.ctx(), { name: `${prefix}:${i}` });
    const first = await listOrganizationPermissions(t.ctx(), { q: prefix, page: 1, pageSize: 2 });
    expect(first.total).toBe(5);
    expect(first.items.map((p) => p.name)).toEqual([`${prefix}:0`, `${prefix}:1`]);
    const last = await listOrganizationPermissions(t.ctx(), {
      q: prefix.toUpperCase(),
      page: 3,
      pageSize: 2,
    });
    expect(last.items.map((p) => p.name)).toEqual([`${prefix}:4`]);
    await expectCode(
      listOrganizationPermissions(t.ctx(), { pageSize: 101 }),
      "guard.invalid_input",
    );
    await expectCode(listOrganizationPermissions(t.ctx(), { page: 0 }), "guard.invalid_input");
  });

  it("is not available to end users", async () => {
    await expectCode(
      listOrganizationPermissions(t.ctx({ actor: { type: "user", userId: "u" } })),
      "auth.forbidden",
    );
  });

  it("writes an audit entry with the change", async () => {
    const p = await createOrganizationPermission(t.ctx(), { name: unique("audited") });
    const entry = await t.db().auditLog.findFirst({ where: { targetId: p.id } });
    expect(entry).toMatchObject({
      action: "organization_permission.created",
      actorId: "test-admin",
    });
  });
});
