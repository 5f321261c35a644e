import { describe, expect, it } from "vitest";
import { expectDomainError, unique, useTestDatabase } from "../test-utils.ts";
import {
  createOrganization,
  deleteOrganization,
  getOrganization,
  listOrganizations,
  updateOrganization,
} from "./index.ts";

const t = useTestDatabase();

describe("organizations", () => {
  it("creates with defaults and reads back with a member count", async () => {
    const org = await createOrganization(t.ctx(), { name: unique("Acme") });
    expect(org).toMatchObject({
      description: null,
      customData: {},
      isMfaRequired: false,
      branding: {},
    });
    expect(await getOrganization(t.ctx(), { id: org.id })).toEqual({ ...org, memberCount: 0 });
  });

  it("stores custom data, branding and the MFA flag; updates replace them", async () => {
    const org = await createOrganization(t.ctx(), {
      name: unique("Globex"),
      description: "Widgets",
      customData: { plan: "pro", seats: 10 },
      isMfaRequired: true,
      branding: { logoUrl: "https://example.com/logo.png", primaryColor: "#112233" },
    });
    expect(org.customData).toEqual({ plan: "pro", seats: 10 });
    const updated = await updateOrganization(t.ctx(), {
      id: org.id,
      customData: { plan: "free" },
      isMfaRequired: false,
    });
    expect(updated).toMatchObject({
      customData: { plan: "free" },
      isMfaRequired: false,
      description: "Widgets",
    });
    expect(updated.branding.primaryColor).toBe("#112233");
  });

  it("rejects bad input with field paths", async () => {
    const e = await expectDomainError(
      createOrganization(t.ctx(), { name: "" }),
      "guard.invalid_input",
    );
    expect(e.data?.issues).toEqual([expect.objectContaining({ path: ["name"] })]);
    await expectDomainError(
      createOrganization(t.ctx(), { name: "x", branding: { primaryColor: "red" } }),
      "guard.invalid_input",
    );
    await expectDomainError(
      createOrganization(t.ctx(), { name: "x", customData: [1, 2] as never }),
      "guard.invalid_input",
    );
    await expectDomainError(
      updateOrganization(t.ctx(), { id: "nope", name: "y" }),
      "organization.not_found",
    );
    await expectDomainError(getOrganization(t.ctx(), { id: "nope" }), "organization.not_found");
  });

  it("searches by name (case-insensitive) or id, paginates, and counts members", async () => {
    const prefix = unique("Search");
    const created = [];
    for (let i = 0; i < 3; i++)
      created.push(await createOrganization(t.ctx(), { name: `${prefix} ${i}` }));
    const first = created[0];
    if (!first) throw new Error("unreachable");
    const user = await t.db().user.create({ data: { email: `${unique("m")}@example.com` } });
    await t.db().organizationMember.create({ data: { organizationId: first.id, userId: user.id } });
    const page = await listOrganizations(t.ctx(), { q: prefix.toLowerCase(), pageSize: 2 });
    expect(page.total).toBe(3);
    expect(page.items).toHaveLength(2);
    const byId = await listOrganizations(t.ctx(), { q: first.id });
    expect(byId.items.map((o) => [o.id, o.memberCount])).toEqual([[first.id, 1]]);
  });

  it("delete cascades memberships and roles but keeps users", async () => {
    const db = t.db();
    const org = await createOrganization(t.ctx(), { name: unique("Doomed") });
    const role = await db.organizationRole.create({ data: { name: unique("role") } });
    const user = await db.user.create({ data: { email: `${unique("keep")}@example.com` } });
    await db.organizationMember.create({
      data: { organizationId: org.id, userId: user.id, roles: { create: [{ roleId: role.id }] } },
    });
    await deleteOrganization(t.ctx(), { id: org.id });
    expect(await db.organizationMember.count({ where: { organizationId: org.id } })).toBe(0);
    expect(await db.organizationMemberRole.count({ where: { organizationId: org.id } })).toBe(0);
    expect(await db.user.findUnique({ where: { id: user.id } })).not.toBeNull();
    await expectDomainError(deleteOrganization(t.ctx(), { id: org.id }), "organization.not_found");
  });

  it("forbids end users", async () => {
    await expectDomainError(
      createOrganization(t.ctx({ actor: { type: "user", userId: "u1" } }), { name: "x" }),
      "auth.forbidden",
    );
  });
});
