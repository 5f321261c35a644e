import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../test-utils.ts";
import {
  listOrganizations,
  organizationPageSql,
  SEARCH_BY_MATCHES,
  SEARCH_WHERE,
} from "./list-organizations.ts";

const t = useTestDatabase();
const ORGANIZATIONS = 30_000;

async function plan(byMatches: boolean, prefix: string): Promise<string> {
  const rows = await t
    .db()
    .$queryRawUnsafe<{ "QUERY PLAN": string }[]>(
      `EXPLAIN ${organizationPageSql(SEARCH_WHERE, 2, byMatches)}`,
      `${prefix}%`,
      prefix,
      20,
      0,
    );
  return rows.map((row) => row["QUERY PLAN"]).join("\n");
}

describe(`organization search with ${ORGANIZATIONS.toLocaleString()} organizations`, () => {
  it("reads a thousand old matches through the name index, not by walking the newest-first index", async () => {
    // Names correlated with age, as the dataset: "Plan 29xxx" are the oldest.
    await t.db().$executeRaw`
      INSERT INTO organizations (id, name, "createdAt", "updatedAt")
      SELECT 'plan-' || g, 'Plan ' || lpad(g::text, 5, '0'), now() - make_interval(secs => g), now()
      FROM generate_series(1, ${ORGANIZATIONS}) g`;
    await t.db().$executeRaw`ANALYZE organizations`;

    // What PostgreSQL does when left to itself: walk createdAt backwards, filtering names
    // (reads 29,000 rows before the first match). The test holds only if that hazard exists.
    expect(await plan(false, "plan 29")).toContain("organizations_createdAt_idx");
    const chosen = await plan(true, "plan 29");
    expect(chosen).toContain("organizations_name_lower_expr_idx");
    expect(chosen).not.toContain("organizations_createdAt_idx");

    // The service picks it for a search with up to SEARCH_BY_MATCHES matches, newest first.
    const page = await listOrganizations(t.ctx(), { q: "Plan 29", page: 2, pageSize: 20 });
    expect(page.total).toBe(1000);
    expect(1000).toBeLessThanOrEqual(SEARCH_BY_MATCHES);
    expect(page.items.map((o) => o.name)).toEqual(
      Array.from({ length: 20 }, (_, i) => `Plan ${29000 + 20 + i}`),
    );
    // An exact id matches too, as before.
    const byId = await listOrganizations(t.ctx(), { q: "plan-42" });
    expect(byId.items.map((o) => o.id)).toEqual(["plan-42"]);
  });
});
