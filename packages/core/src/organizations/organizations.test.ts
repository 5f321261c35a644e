import { describe, expect, it } from "vitest";
import { expectDomainError, unique, useTestDatabase } from "../test-utils.ts";
import {
  createOrganization,
  cssForStyleElement,
  deleteOrganization,
  getFeaturedMembers,
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
      branding: { logoUrl: "https://example.com/logo.png" },
      color: { primaryColor: "#112233" },
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
    expect(updated.color.primaryColor).toBe("#112233");
  });

  it("rejects bad input with field paths", async () => {
    const e = await expectDomainError(
      createOrganization(t.ctx(), { name: "" }),
      "guard.invalid_input",
    );
    expect(e.data?.issues).toEqual([expect.objectContaining({ path: ["name"] })]);
    await expectDomainError(
      createOrganization(t.ctx(), { name: "x", color: { primaryColor: "red" } }),
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

  it("stores Logto's branding, color and custom CSS; refuses what it would drop", async () => {
    const org = await createOrganization(t.ctx(), {
      name: unique("Branded"),
      branding: {
        logoUrl: "https://cdn.example.com/logo.png",
        darkLogoUrl: "https://cdn.example.com/logo-dark.png",
        favicon: "https://cdn.example.com/favicon.ico",
        darkFavicon: "https://cdn.example.com/favicon-dark.ico",
      },
      color: { primaryColor: "#abc", isDarkModeEnabled: false, darkPrimaryColor: "#112233" },
      customCss: ".title > span { color: red; }",
    });
    expect(await getOrganization(t.ctx(), { id: org.id })).toMatchObject({
      branding: { favicon: "https://cdn.example.com/favicon.ico" },
      color: { primaryColor: "#abc", isDarkModeEnabled: false, darkPrimaryColor: "#112233" },
      customCss: ".title > span { color: red; }",
    });
    const cleared = await updateOrganization(t.ctx(), { id: org.id, customCss: null });
    expect(cleared.customCss).toBeNull();
    expect(cleared.color.primaryColor).toBe("#abc");

    // Never accepted and dropped: an unknown key, a broken stylesheet, an @import.
    for (const input of [
      { branding: { primaryColor: "#112233" } },
      { color: { accent: "#112233" } },
      { branding: { favicon: "javascript:alert(1)" } },
      { customCss: ".a { color: red;" },
      { customCss: '@import url("https://evil.example/x.css");' },
    ]) {
      const e = await expectDomainError(
        updateOrganization(t.ctx(), { id: org.id, ...(input as object) }),
        "guard.invalid_input",
      );
      expect(e.message, JSON.stringify(input)).not.toBe("");
    }
    expect((await getOrganization(t.ctx(), { id: org.id })).customCss).toBeNull();
  });

  it("custom CSS cannot end its <style> element", () => {
    const css = 'a::after { content: "</style><script>alert(1)</script>"; } /* <!-- */';
    const safe = cssForStyleElement(css);
    expect(safe).not.toContain("<");
    expect(safe).toContain("\\3c /style>");
    expect(cssForStyleElement(safe)).toBe(safe);
  });

  it("features each organization's first three members, in join order", async () => {
    const db = t.db();
    const org = await createOrganization(t.ctx(), { name: unique("Featured") });
    const empty = await createOrganization(t.ctx(), { name: unique("Empty") });
    const users = [];
    for (let i = 0; i < 4; i += 1) {
      const user = await db.user.create({
        data: {
          email: `${unique("f")}@example.com`,
          name: `User ${i}`,
          avatarUrl: i === 0 ? "https://cdn.example.com/a.png" : null,
        },
      });
      await db.organizationMember.create({
        data: { organizationId: org.id, userId: user.id, createdAt: new Date(2020, 0, 1 + i) },
      });
      users.push(user);
    }
    const featured = await getFeaturedMembers(t.ctx(), { organizationIds: [org.id, empty.id] });
    expect(featured.get(org.id)).toEqual(
      users.slice(0, 3).map((u) => ({ id: u.id, name: u.name, avatarUrl: u.avatarUrl })),
    );
    expect(featured.get(empty.id)).toEqual([]);
  });

  it("forbids end users", async () => {
    await expectDomainError(
      createOrganization(t.ctx({ actor: { type: "user", userId: "u1" } }), { name: "x" }),
      "auth.forbidden",
    );
  });
});
