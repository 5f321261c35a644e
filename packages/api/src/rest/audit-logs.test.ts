// `/api/audit-logs`, `/api/organizations/{id}/audit-logs` and `/api/configs/retention`: filters,
// cursor pages (`Next-Cursor`, `Link`), Logto-style numbered pages, errors.
import type { RestAuditLog, RestRetentionConfig } from "@guildhall/validators/rest";
import { describe, expect, it } from "vitest";
import { unique, useManagementApi } from "./test/harness.ts";

const h = useManagementApi();

/** Audit rows written directly, with actions of the test's own (`<tag>.<verb>`). */
async function seed(tag: string, count: number, data: { organizationId?: string } = {}) {
  const at = new Date("2033-03-03T03:03:03.000Z");
  await h.db.auditLog.createMany({
    data: Array.from({ length: count }, (_, i) => ({
      actorType: "management_api",
      actorId: "some-client",
      action: `${tag}.n${i}`,
      targetType: "thing",
      targetId: `thing-${i}`,
      // Pairs share a millisecond: pages must still neither skip nor repeat.
      createdAt: new Date(+at + Math.floor(i / 2)),
      data: { before: { n: i }, after: { n: i + 1 } },
      ...data,
    })),
  });
  return at;
}

describe("GET /api/audit-logs", () => {
  it("filters, and pages by cursor with Next-Cursor and Link headers", async () => {
    const tag = unique("rest").replaceAll("-", "_");
    await seed(tag, 7);
    const first = await h.call<RestAuditLog[]>("GET", `/api/audit-logs?action=${tag}.&page_size=3`);
    expect(first.status).toBe(200);
    expect(first.body.map((e) => e.action)).toEqual([`${tag}.n6`, `${tag}.n5`, `${tag}.n4`]);
    expect(first.body[0]).toMatchObject({
      actorType: "management_api",
      actorId: "some-client",
      actorLabel: null,
      targetType: "thing",
      targetId: "thing-6",
      data: { before: { n: 6 }, after: { n: 7 } },
      createdAt: new Date("2033-03-03T03:03:03.003Z").getTime(),
    });
    const cursor = first.headers.get("Next-Cursor");
    expect(cursor).toBeTruthy();
    expect(first.headers.get("Total-Number")).toBeNull();
    const link = first.headers.get("Link") ?? "";
    expect(link).toMatch(/; rel="next"$/);
    const next = new URL(/^<([^>]+)>/.exec(link)?.[1] ?? "");
    expect(next.searchParams.get("cursor")).toBe(cursor);
    expect(next.searchParams.get("action")).toBe(`${tag}.`);

    const seen = [...first.body];
    let path: string | null = `${next.pathname}${next.search}`;
    while (path) {
      const page: Awaited<ReturnType<typeof h.call<RestAuditLog[]>>> = await h.call<RestAuditLog[]>(
        "GET",
        path,
      );
      expect(page.status).toBe(200);
      seen.push(...page.body);
      const more = /^<([^>]+)>/.exec(page.headers.get("Link") ?? "")?.[1];
      path = more ? `${new URL(more).pathname}${new URL(more).search}` : null;
    }
    expect(seen.map((e) => e.action)).toEqual([6, 5, 4, 3, 2, 1, 0].map((i) => `${tag}.n${i}`));

    const exact = await h.ok<RestAuditLog[]>("GET", `/api/audit-logs?action=${tag}.n3`, 200);
    expect(exact.map((e) => e.targetId)).toEqual(["thing-3"]);
    const byTarget = await h.ok<RestAuditLog[]>(
      "GET",
      `/api/audit-logs?action=${tag}.&targetId=thing-2&actorId=some-client&targetType=thing`,
      200,
    );
    expect(byTarget.map((e) => e.action)).toEqual([`${tag}.n2`]);
    // startTime inclusive, endTime exclusive; ISO or epoch milliseconds.
    const start = new Date("2033-03-03T03:03:03.001Z");
    const ranged = await h.ok<RestAuditLog[]>(
      "GET",
      `/api/audit-logs?action=${tag}.&startTime=${start.toISOString()}&endTime=${+start + 2}`,
      200,
    );
    expect(ranged.map((e) => e.action)).toEqual([
      `${tag}.n5`,
      `${tag}.n4`,
      `${tag}.n3`,
      `${tag}.n2`,
    ]);
  });

  it("answers Logto-style numbered pages with Total-Number when page is given", async () => {
    const tag = unique("num").replaceAll("-", "_");
    await seed(tag, 5);
    const response = await h.call<RestAuditLog[]>(
      "GET",
      `/api/audit-logs?action=${tag}.&page=2&page_size=2`,
    );
    expect(response.status).toBe(200);
    expect(response.body.map((e) => e.action)).toEqual([`${tag}.n2`, `${tag}.n1`]);
    expect(response.headers.get("Total-Number")).toBe("5");
    expect(response.headers.get("Link")).toContain('rel="last"');
    expect(response.headers.get("Next-Cursor")).toBeNull();
  });

  it("refuses bad filters, cursors and pagination with 400", async () => {
    for (const [query, code] of [
      ["action=member.*", "guard.invalid_input"],
      ["actorType=robot", "guard.invalid_input"],
      ["startTime=not-a-time", "guard.invalid_input"],
      ["startTime=2030-01-02T00:00:00Z&endTime=2030-01-01T00:00:00Z", "guard.invalid_input"],
      ["cursor=bm9wZQ", "guard.invalid_input"],
      ["page_size=101", "guard.invalid_pagination"],
      ["page=1&cursor=abc", "guard.invalid_pagination"],
    ] as const) {
      const response = await h.call<{ code: string }>("GET", `/api/audit-logs?${query}`);
      expect([query, response.status, response.body.code]).toEqual([query, 400, code]);
    }
  });

  it("GET /api/audit-logs/{id} answers one entry, or 404 entity.not_exists_with_id", async () => {
    const tag = unique("one").replaceAll("-", "_");
    await seed(tag, 1);
    const [entry] = await h.ok<RestAuditLog[]>("GET", `/api/audit-logs?action=${tag}.n0`, 200);
    expect(await h.ok("GET", `/api/audit-logs/${entry?.id ?? ""}`, 200)).toEqual(entry);
    const missing = await h.call<{ code: string }>("GET", "/api/audit-logs/no-such-entry");
    expect([missing.status, missing.body.code]).toEqual([404, "entity.not_exists_with_id"]);
  });
});

describe("GET /api/organizations/{id}/audit-logs", () => {
  it("lists the organization's entries, including those of changes made through the API", async () => {
    const org = await h.ok<{ id: string }>("POST", "/api/organizations", 201, {
      name: unique("Audited"),
    });
    await h.ok("PATCH", `/api/organizations/${org.id}`, 200, { description: "Changed" });
    const tag = unique("org").replaceAll("-", "_");
    await seed(tag, 2, { organizationId: org.id });
    await seed(unique("other").replaceAll("-", "_"), 2);
    const entries = await h.ok<RestAuditLog[]>(
      "GET",
      `/api/organizations/${org.id}/audit-logs`,
      200,
    );
    expect(entries.map((e) => e.action)).toEqual([
      `${tag}.n1`,
      `${tag}.n0`,
      "organization.updated",
      "organization.created",
    ]);
    expect(entries.every((e) => e.organizationId === org.id)).toBe(true);
    const updates = await h.ok<RestAuditLog[]>(
      "GET",
      `/api/organizations/${org.id}/audit-logs?action=organization.updated`,
      200,
    );
    expect(updates).toHaveLength(1);
    expect(updates[0]?.data).toEqual({ fields: ["description"] });

    const missing = await h.call<{ code: string }>(
      "GET",
      "/api/organizations/no-such-org/audit-logs",
    );
    expect([missing.status, missing.body.code]).toEqual([404, "entity.not_exists_with_id"]);
  });
});

describe("/api/configs/retention", () => {
  it("reads the defaults, changes the fields given, and refuses out-of-range values", async () => {
    await h.db.instanceSettings.deleteMany();
    expect(await h.ok<RestRetentionConfig>("GET", "/api/configs/retention", 200)).toEqual({
      auditLogRetentionDays: 180,
      eventRetentionDays: 7,
    });
    expect(
      await h.ok("PATCH", "/api/configs/retention", 200, { auditLogRetentionDays: 365 }),
    ).toEqual({ auditLogRetentionDays: 365, eventRetentionDays: 7 });
    expect(await h.ok("GET", "/api/configs/retention", 200)).toEqual({
      auditLogRetentionDays: 365,
      eventRetentionDays: 7,
    });
    const [audit] = await h.ok<RestAuditLog[]>(
      "GET",
      "/api/audit-logs?action=instance_settings.updated&page_size=1",
      200,
    );
    expect(audit?.data).toEqual({
      before: { auditLogRetentionDays: 180, eventRetentionDays: 7 },
      after: { auditLogRetentionDays: 365, eventRetentionDays: 7 },
    });
    for (const body of [
      { eventRetentionDays: 91 },
      { auditLogRetentionDays: 0 },
      { auditLogRetentionDays: "many" },
      { retention: 5 },
      {},
    ]) {
      const response = await h.call<{ code: string }>("PATCH", "/api/configs/retention", {
        body,
      });
      expect([JSON.stringify(body), response.status, response.body.code]).toEqual([
        JSON.stringify(body),
        400,
        "guard.invalid_input",
      ]);
    }
    await h.db.instanceSettings.deleteMany();
  });
});
