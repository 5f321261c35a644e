import { ensureManagementApi } from "@guildhall/core";
import type { RestApiResource, RestApiScope } from "@guildhall/validators/rest";
import { describe, expect, it } from "vitest";
import { unique, useManagementApi } from "./test/harness.ts";

const h = useManagementApi();

const resource = (body: Record<string, unknown> = {}) =>
  h.ok<RestApiResource>("POST", "/api/resources", 201, {
    name: unique("API"),
    indicator: `https://${unique("api")}.example.com`,
    ...body,
  });

describe("/api/resources", () => {
  it("creates (201), gets, patches, lists and deletes", async () => {
    const indicator = `https://${unique("billing")}.example.com`;
    const created = await resource({ name: "Billing", indicator, accessTokenTtl: 600 });
    expect(created).toEqual({
      id: expect.any(String) as string,
      name: "Billing",
      indicator,
      accessTokenTtl: 600,
    });
    expect(await h.ok("GET", `/api/resources/${created.id}`, 200)).toEqual(created);
    const patched = await h.ok<RestApiResource>("PATCH", `/api/resources/${created.id}`, 200, {
      name: "Billing v2",
    });
    expect(patched).toEqual({ ...created, name: "Billing v2" });
    const list = await h.call<RestApiResource[]>(
      "GET",
      `/api/resources?q=${encodeURIComponent(indicator)}`,
    );
    expect(list.body.map((r) => r.id)).toEqual([created.id]);
    expect(list.headers.get("total-number")).toBe("1");
    await h.ok("DELETE", `/api/resources/${created.id}`, 204);
    const gone = await h.call("GET", `/api/resources/${created.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ code: "entity.not_exists_with_id" });
    expect((await h.call("DELETE", `/api/resources/${created.id}`)).status).toBe(404);
    expect(
      (await h.call("PATCH", `/api/resources/${created.id}`, { body: { name: "x" } })).status,
    ).toBe(404);
  });

  it("answers 400 for bad indicators and bodies, 422 for a taken indicator", async () => {
    for (const body of [
      { name: "x", indicator: "api.example.com" },
      { name: "x" },
      { indicator: "https://a.example.com" },
      { name: "x", indicator: "https://a.example.com", accessTokenTtl: "1h" },
    ]) {
      const response = await h.call("POST", "/api/resources", { body });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: "guard.invalid_input" });
    }
    const taken = await resource();
    const duplicate = await h.call("POST", "/api/resources", {
      body: { name: "Again", indicator: taken.indicator },
    });
    expect(duplicate.status).toBe(422);
    expect(duplicate.body).toMatchObject({
      code: "entity.unique_integrity_violation",
      data: { indicator: taken.indicator },
    });
  });
});

describe("/api/resources/{id}/scopes", () => {
  it("creates (201), lists, patches and deletes scopes", async () => {
    const r = await resource();
    const base = `/api/resources/${r.id}/scopes`;
    const read = await h.ok<RestApiScope>("POST", base, 201, {
      name: "read:invoice",
      description: "Read invoices",
    });
    expect(read).toEqual({
      id: expect.any(String) as string,
      resourceId: r.id,
      name: "read:invoice",
      description: "Read invoices",
      createdAt: expect.any(Number) as number,
    });
    await h.ok("POST", base, 201, { name: "write:invoice" });
    const list = await h.call<RestApiScope[]>("GET", `${base}?page=1&page_size=1`);
    expect(list.body.map((s) => s.name)).toEqual(["read:invoice"]);
    expect(list.headers.get("total-number")).toBe("2");
    const patched = await h.ok<RestApiScope>("PATCH", `${base}/${read.id}`, 200, {
      description: null,
    });
    expect(patched).toEqual({ ...read, description: null });
    await h.ok("DELETE", `${base}/${read.id}`, 204);
    const gone = await h.call("DELETE", `${base}/${read.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ code: "entity.not_exists_with_id" });
  });

  it("answers 422 for a taken name, 400 for spaces, 404 for unknown resources", async () => {
    const r = await resource();
    const base = `/api/resources/${r.id}/scopes`;
    await h.ok("POST", base, 201, { name: "read" });
    const duplicate = await h.call("POST", base, { body: { name: "read" } });
    expect(duplicate.status).toBe(422);
    expect(duplicate.body).toMatchObject({ code: "entity.unique_integrity_violation" });
    expect((await h.call("POST", base, { body: { name: "read all" } })).status).toBe(400);
    expect((await h.call("GET", "/api/resources/ghost/scopes")).status).toBe(404);
    expect(
      (await h.call("POST", "/api/resources/ghost/scopes", { body: { name: "read" } })).status,
    ).toBe(404);
    expect((await h.call("PATCH", `${base}/ghost`, { body: { name: "x" } })).status).toBe(404);
  });
});

describe("the Management API resource", () => {
  it("is listed, and answers 422 api_resource.management_api_protected to every change", async () => {
    const { resourceId, indicator } = await ensureManagementApi(h.db, { baseUrl: h.baseUrl });
    const list = await h.ok<RestApiResource[]>(
      "GET",
      `/api/resources?q=${encodeURIComponent(indicator)}`,
      200,
    );
    expect(list.map((r) => r.id)).toEqual([resourceId]);
    const [all] = await h.ok<RestApiScope[]>("GET", `/api/resources/${resourceId}/scopes`, 200);
    const attempts = [
      h.call("DELETE", `/api/resources/${resourceId}`),
      h.call("PATCH", `/api/resources/${resourceId}`, { body: { name: "Mine" } }),
      h.call("POST", `/api/resources/${resourceId}/scopes`, { body: { name: "more" } }),
      h.call("PATCH", `/api/resources/${resourceId}/scopes/${all?.id ?? ""}`, {
        body: { name: "everything" },
      }),
      h.call("DELETE", `/api/resources/${resourceId}/scopes/${all?.id ?? ""}`),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ code: "api_resource.management_api_protected" });
    }
  });
});
