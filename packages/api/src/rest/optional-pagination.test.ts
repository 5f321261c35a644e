import type { RestOrganizationScope } from "@guildhall/validators/rest";
import { describe, expect, it } from "vitest";
import { unique, useManagementApi } from "./test/harness.ts";

const h = useManagementApi();

// Lists Logto leaves unpaginated answer everything without page/page_size, up to 1,000
// entries; the rest of the API keeps paginating (organizations.test.ts).
describe("optional pagination", () => {
  const prefix = unique("perm").toLowerCase();
  const createScopes = (from: number, to: number) =>
    h.db.organizationPermission.createMany({
      data: Array.from({ length: to - from }, (_, i) => ({
        name: `${prefix}:${String(from + i).padStart(4, "0")}`,
      })),
    });

  it("GET /organization-scopes without page/page_size: every scope, beyond 100, no headers", async () => {
    await createScopes(0, 150);
    const all = await h.call<RestOrganizationScope[]>("GET", "/api/organization-scopes");
    expect(all.status).toBe(200);
    expect(all.body.filter((s) => s.name.startsWith(prefix))).toHaveLength(150);
    expect(all.headers.get("total-number")).toBeNull();
    expect(all.headers.get("link")).toBeNull();

    const page = await h.call<RestOrganizationScope[]>(
      "GET",
      `/api/organization-scopes?q=${prefix}&page_size=10&page=2`,
    );
    expect(page.body.map((s) => s.name)).toEqual(
      Array.from({ length: 10 }, (_, i) => `${prefix}:${String(10 + i).padStart(4, "0")}`),
    );
    expect(page.headers.get("total-number")).toBe("150");
  });

  it("beyond 1,000 entries asks for pagination (400 guard.invalid_pagination)", async () => {
    await createScopes(150, 1001);
    const tooMany = await h.call("GET", "/api/organization-scopes");
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toMatchObject({
      code: "guard.invalid_pagination",
      data: { maxUnpaginated: 1000 },
    });
    expect((tooMany.body as { message: string }).message).toMatch(/pass page and page_size/);
    expect((await h.call("GET", "/api/organization-scopes?page_size=100")).status).toBe(200);
    const narrowed = await h.call<RestOrganizationScope[]>(
      "GET",
      `/api/organization-scopes?q=${prefix}:000`,
    );
    expect(narrowed.body).toHaveLength(10);
  });

  it("the document says which lists are optional, and the bound", () => {
    const doc = h.api.document();
    const ok = (path: string) => doc.paths[path]?.get?.responses["200"]?.description ?? "";
    for (const path of [
      "/api/organization-scopes",
      "/api/organization-invitations",
      "/api/organizations/{id}/users/{userId}/roles",
      "/api/organizations/{id}/applications/{applicationId}/roles",
    ])
      expect(ok(path), path).toMatch(/at most 1000 entries/);
    expect(ok("/api/organizations")).not.toMatch(/at most 1000/);
  });
});
