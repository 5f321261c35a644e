import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../test-utils.ts";
import { getEffectivePermissions, getMemberPermissionNames, listMembers } from "./index.ts";
import { fixtures } from "./test-fixtures.ts";

const t = useTestDatabase();
const f = fixtures(t.db);
const SIZE = 10_000;

async function timed<T>(run: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const start = performance.now();
  const result = await run();
  return { result, ms: performance.now() - start };
}

describe("an organization with 10,000 members", () => {
  it("lists a page with roles, filters and searches quickly", async () => {
    const org = await f.organization();
    const permission = await f.permission();
    const [even, tens] = [await f.role({ permissionIds: [permission.id] }), await f.role()];
    const db = t.db();
    // Bulk rows in SQL: building them through services would take minutes.
    await db.$executeRaw`
      INSERT INTO users (id, email, name, "updatedAt")
      SELECT 'scale-' || g, 'scale-' || g || '@example.com', 'Scale ' || g, now()
      FROM generate_series(1, ${SIZE}) g`;
    await db.$executeRaw`
      INSERT INTO organization_members ("organizationId", "userId", "createdAt")
      SELECT ${org.id}, 'scale-' || g, timestamp '2030-01-01' + g * interval '1 second'
      FROM generate_series(1, ${SIZE}) g`;
    await db.$executeRaw`
      INSERT INTO organization_member_roles ("organizationId", "userId", "roleId")
      SELECT ${org.id}, 'scale-' || g, ${even.id} FROM generate_series(2, ${SIZE}, 2) g
      UNION ALL
      SELECT ${org.id}, 'scale-' || g, ${tens.id} FROM generate_series(10, ${SIZE}, 10) g`;
    await db.$executeRaw`ANALYZE`;

    // Warm up the connection pool and plan cache.
    await listMembers(t.ctx(), { organizationId: org.id });

    const first = await timed(() => listMembers(t.ctx(), { organizationId: org.id }));
    expect(first.result.total).toBe(SIZE);
    expect(first.result.items.map((m) => m.id)).toEqual(
      Array.from({ length: 20 }, (_, i) => `scale-${i + 1}`),
    );
    expect(first.result.items[1]?.organizationRoles).toEqual([{ id: even.id, name: even.name }]);
    expect(first.result.items[9]?.organizationRoles).toHaveLength(2);

    const last = await timed(() =>
      listMembers(t.ctx(), { organizationId: org.id, page: SIZE / 20 }),
    );
    expect(last.result.items.at(-1)?.id).toBe(`scale-${SIZE}`);

    const byRole = await timed(() =>
      listMembers(t.ctx(), { organizationId: org.id, organizationRoleId: tens.id }),
    );
    expect(byRole.result.total).toBe(SIZE / 10);
    expect(byRole.result.items[0]?.id).toBe("scale-10");

    const search = await timed(() =>
      listMembers(t.ctx(), { organizationId: org.id, q: "scale-9999@" }),
    );
    expect(search.result.items.map((m) => m.id)).toEqual(["scale-9999"]);

    const perms = await timed(() =>
      getEffectivePermissions(t.ctx(), { organizationId: org.id, userId: "scale-5000" }),
    );
    expect(perms.result.map((p) => p.name)).toEqual([permission.name]);
    const names = await timed(() =>
      getMemberPermissionNames(db, { organizationId: org.id, userId: "scale-5000" }),
    );
    expect(names.result).toEqual([permission.name]);

    const timings = {
      first: first.ms,
      last: last.ms,
      byRole: byRole.ms,
      search: search.ms,
      perms: perms.ms,
      names: names.ms,
    };
    console.log(
      "10k-member timings (ms):",
      Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v)])),
    );
    // Generous bounds (embedded PGlite on 2 shared cores); typical numbers are far lower.
    expect(first.ms).toBeLessThan(500);
    expect(names.ms).toBeLessThan(200);
    for (const ms of Object.values(timings)) expect(ms).toBeLessThan(1500);
  });
});
