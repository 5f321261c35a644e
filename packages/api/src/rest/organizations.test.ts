import type { RestOrganization } from "@guildhall/validators/rest";
import { describe, expect, it } from "vitest";
import { parseLinks, unique, useManagementApi } from "./test/harness.ts";

const h = useManagementApi();

type Org = RestOrganization & {
  usersCount?: number;
  featuredUsers?: { id: string; name: string | null; avatar: string | null }[];
};

describe("/api/organizations", () => {
  it("creates, gets, updates and deletes an organization", async () => {
    const name = unique("Acme");
    const created = await h.ok<Org>("POST", "/api/organizations", 201, {
      name,
      description: "Rockets",
      customData: { plan: "pro" },
    });
    expect(created).toMatchObject({
      name,
      description: "Rockets",
      customData: { plan: "pro" },
      isMfaRequired: false,
      branding: {},
    });
    expect(typeof created.createdAt).toBe("number");

    expect(await h.ok<Org>("GET", `/api/organizations/${created.id}`, 200)).toEqual(created);

    const updated = await h.ok<Org>("PATCH", `/api/organizations/${created.id}`, 200, {
      description: null,
      isMfaRequired: true,
    });
    expect(updated).toMatchObject({
      id: created.id,
      name,
      description: null,
      isMfaRequired: true,
      customData: { plan: "pro" },
    });

    await h.ok("DELETE", `/api/organizations/${created.id}`, 204);
    const gone = await h.call("GET", `/api/organizations/${created.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({
      code: "entity.not_exists_with_id",
      data: { id: created.id },
    });
  });

  it("answers 404 entity.not_exists_with_id for an unknown id on get, patch and delete", async () => {
    for (const [method, body] of [["GET"], ["PATCH", { name: "x" }], ["DELETE"]] as const) {
      const response = await h.call(method, "/api/organizations/nope", body ? { body } : {});
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ code: "entity.not_exists_with_id" });
    }
  });

  it("rejects invalid bodies with 400 guard.invalid_input and details", async () => {
    const response = await h.call("POST", "/api/organizations", { body: { name: "" } });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: "guard.invalid_input", data: { type: "body" } });
    expect((response.body as { details: string }).details).toContain('Error in key path "name"');

    const wrongType = await h.call("POST", "/api/organizations", {
      body: { name: "ok", customData: [] },
    });
    expect(wrongType.status).toBe(400);
  });

  it("ignores unknown fields, as Logto does", async () => {
    const created = await h.ok<Org>("POST", "/api/organizations", 201, {
      name: unique("Extra"),
      tenantId: "x",
      color: {},
    });
    expect(created).not.toHaveProperty("tenantId");
  });

  it("accepts Logto's branding, color and customCss on POST and PATCH, and answers them", async () => {
    const branding = {
      logoUrl: "https://cdn.example.com/logo.png",
      darkLogoUrl: "https://cdn.example.com/logo-dark.png",
      favicon: "https://cdn.example.com/favicon.ico",
      darkFavicon: "https://cdn.example.com/favicon-dark.ico",
    };
    const color = { primaryColor: "#abc", isDarkModeEnabled: true, darkPrimaryColor: "#0f766e" };
    const created = await h.ok<Org>("POST", "/api/organizations", 201, {
      name: unique("Branded"),
      branding,
      color,
      customCss: ".logo { height: 40px; }",
    });
    expect(created).toMatchObject({ branding, color, customCss: ".logo { height: 40px; }" });
    const patched = await h.ok<Org>("PATCH", `/api/organizations/${created.id}`, 200, {
      branding: { favicon: "https://cdn.example.com/other.ico" },
      color: { primaryColor: "#112233", isDarkModeEnabled: false },
      customCss: null,
    });
    expect(patched).toMatchObject({
      branding: { favicon: "https://cdn.example.com/other.ico" },
      color: { primaryColor: "#112233", isDarkModeEnabled: false },
      customCss: null,
    });
    expect(patched.branding).not.toHaveProperty("logoUrl");
    expect(await h.ok<Org>("GET", `/api/organizations/${created.id}`, 200)).toEqual(patched);
  });

  it("refuses what it would otherwise drop: unknown branding keys, bad CSS, @import (400)", async () => {
    const org = await h.ok<Org>("POST", "/api/organizations", 201, { name: unique("Strict") });
    for (const body of [
      { branding: { primaryColor: "#112233" } },
      { color: { accent: "#112233" } },
      { color: { primaryColor: "blue" } },
      { branding: { favicon: "http://cdn.example.com/f.ico" } },
      { customCss: ".a { color: red;" },
      { customCss: "@import url(https://evil.example/x.css);" },
    ]) {
      const response = await h.call("PATCH", `/api/organizations/${org.id}`, { body });
      expect(
        [response.status, (response.body as { code: string }).code],
        JSON.stringify(body),
      ).toEqual([400, "guard.invalid_input"]);
    }
    expect(await h.ok<Org>("GET", `/api/organizations/${org.id}`, 200)).toMatchObject({
      branding: {},
      color: {},
      customCss: null,
    });
  });

  it("with showFeatured=1, adds usersCount and up to 3 featuredUsers (id, name, avatar)", async () => {
    const org = await h.ok<Org>("POST", "/api/organizations", 201, { name: unique("Faces") });
    const users = [];
    for (let i = 0; i < 4; i += 1) {
      const user = await h.db.user.create({
        data: {
          email: `${unique("face")}@example.com`,
          name: `Face ${i}`,
          avatarUrl: `https://cdn.example.com/${i}.png`,
        },
      });
      await h.db.organizationMember.create({
        data: { organizationId: org.id, userId: user.id, createdAt: new Date(2024, 0, 1 + i) },
      });
      users.push(user);
    }
    const plain = await h.ok<Org[]>("GET", `/api/organizations?q=${org.id}`, 200);
    expect(plain[0]).not.toHaveProperty("usersCount");
    expect(plain[0]).not.toHaveProperty("featuredUsers");
    const featured = await h.ok<Org[]>("GET", `/api/organizations?q=${org.id}&showFeatured=1`, 200);
    expect(featured[0]?.usersCount).toBe(4);
    expect(featured[0]?.featuredUsers).toEqual(
      users.slice(0, 3).map((u) => ({ id: u.id, name: u.name, avatar: u.avatarUrl })),
    );
    const off = await h.ok<Org[]>("GET", `/api/organizations?q=${org.id}&showFeatured=0`, 200);
    expect(off[0]).not.toHaveProperty("featuredUsers");

    const doc = h.api.document();
    const operation = doc.paths["/api/organizations"]?.get;
    expect(operation?.parameters.map((p) => p.name)).toContain("showFeatured");
    expect(JSON.stringify(doc.components.schemas.OrganizationListItem)).toContain("featuredUsers");
    expect(JSON.stringify(doc.components.schemas.Organization)).toContain("customCss");
  });

  describe("listing", () => {
    const prefix = unique("Listed");
    const ids: string[] = [];

    it("paginates with page/page_size, Total-Number and Link headers", async () => {
      for (let i = 0; i < 5; i += 1)
        ids.push(
          (await h.ok<Org>("POST", "/api/organizations", 201, { name: `${prefix} ${i}` })).id,
        );

      const first = await h.call<Org[]>(
        "GET",
        `/api/organizations?q=${encodeURIComponent(prefix)}&page_size=2`,
      );
      expect(first.status).toBe(200);
      expect(first.headers.get("total-number")).toBe("5");
      expect(first.body.map((o) => o.id)).toEqual([ids[4], ids[3]]); // newest first
      // Logto adds the count only with showFeatured.
      expect(first.body[0]).not.toHaveProperty("usersCount");
      const links = parseLinks(first.headers.get("link"));
      expect(Object.keys(links).sort()).toEqual(["first", "last", "next"]);
      const next = new URL(links.next ?? "");
      expect(next.origin).toBe(h.baseUrl);
      expect(next.pathname).toBe("/api/organizations");
      expect(Object.fromEntries(next.searchParams)).toEqual({
        q: prefix,
        page_size: "2",
        page: "2",
      });
      expect(new URL(links.last ?? "").searchParams.get("page")).toBe("3");

      const middle = await h.call<Org[]>(
        "GET",
        `/api/organizations?q=${encodeURIComponent(prefix)}&page_size=2&page=2`,
      );
      expect(middle.body.map((o) => o.id)).toEqual([ids[2], ids[1]]);
      expect(Object.keys(parseLinks(middle.headers.get("link"))).sort()).toEqual([
        "first",
        "last",
        "next",
        "prev",
      ]);

      const last = await h.call<Org[]>(
        "GET",
        `/api/organizations?q=${encodeURIComponent(prefix)}&page_size=2&page=3`,
      );
      expect(last.body.map((o) => o.id)).toEqual([ids[0]]);
      const lastLinks = parseLinks(last.headers.get("link"));
      expect(Object.keys(lastLinks).sort()).toEqual(["first", "last", "prev"]);
      expect(new URL(lastLinks.prev ?? "").searchParams.get("page")).toBe("2");
    });

    it("answers an empty page past the end, and for huge pages", async () => {
      const past = await h.call<Org[]>(
        "GET",
        `/api/organizations?q=${encodeURIComponent(prefix)}&page=50`,
      );
      expect(past.status).toBe(200);
      expect(past.body).toEqual([]);
      expect(past.headers.get("total-number")).toBe("5");
      const huge = await h.call<Org[]>("GET", "/api/organizations?page=1000000000&page_size=100");
      expect(huge.status).toBe(200);
      expect(huge.body).toEqual([]);
    });

    it("defaults to 20 per page", async () => {
      const response = await h.call<Org[]>("GET", "/api/organizations");
      expect(response.body.length).toBeLessThanOrEqual(20);
      expect(Number(response.headers.get("total-number"))).toBeGreaterThanOrEqual(5);
    });

    it("searches by part of the name (any case) or exact id", async () => {
      const byName = await h.call<Org[]>(
        "GET",
        `/api/organizations?q=${encodeURIComponent(prefix.toUpperCase())}`,
      );
      expect(byName.body).toHaveLength(5);
      const byId = await h.call<Org[]>("GET", `/api/organizations?q=${ids[2] ?? ""}`);
      expect(byId.body.map((o) => o.id)).toEqual([ids[2]]);
      const none = await h.call<Org[]>("GET", `/api/organizations?q=${unique("nothing")}`);
      expect(none.body).toEqual([]);
      expect(none.headers.get("total-number")).toBe("0");
      expect(Object.keys(parseLinks(none.headers.get("link"))).sort()).toEqual(["first", "last"]);
    });

    it.each([
      "page=0",
      "page=-1",
      "page=abc",
      "page=1.5",
      "page_size=0",
      "page_size=101",
      "page_size=x",
      "page=1e20",
      "page=99999999999999999999999",
    ])("rejects %s with 400 guard.invalid_pagination", async (query) => {
      const response = await h.call("GET", `/api/organizations?${query}`);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: "guard.invalid_pagination" });
    });

    it("rejects a search text over 200 characters", async () => {
      const response = await h.call("GET", `/api/organizations?q=${"x".repeat(201)}`);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: "guard.invalid_input", data: { type: "query" } });
    });
  });
});
