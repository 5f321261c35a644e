import { sqlRunner } from "@guildhall/db/sql-runner";
import { sqlTable } from "@guildhall/db/sql";
import {
  listOrganizationsInput,
  type ListOrganizationsInput,
  type OrganizationWithCounts,
  type Paginated,
} from "@guildhall/validators";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { prefixPattern } from "../shared/like.ts";
import { paginate } from "../shared/paginate.ts";
import { organizationSelect, toOrganization, type OrganizationRow } from "./select.ts";

/** The organizations table under the alias ORGANIZATION_COLUMNS uses. */
export const organizationTable = sqlTable("Organization", "o");
const o = organizationTable;

// Member counts are per-row subqueries on the membership primary key: the ORM's _count
// aggregates the whole membership table first, which costs seconds at 1,000,000 rows.
export const ORGANIZATION_COLUMNS = `${(Object.keys(organizationSelect) as (keyof typeof organizationSelect)[]).map((c) => o.col[c]).join(", ")},
  ${o.col.memberCount} AS "memberCount"`;

/**
 * Up to this many matches, a search reads them all through the name index and sorts them
 * (cost grows with the matches, a few ms at most). Left to itself, PostgreSQL walks the
 * newest-first index and filters names, expecting 20 matches soon; when the matches are old
 * organizations that walk reads most of the table (357 ms at 100,000 organizations, issue 17).
 * Above it, matches are common enough for that walk to find a page quickly.
 */
export const SEARCH_BY_MATCHES = 5000;

/** A search: `$1` a lower-cased name prefix pattern (the lower(name) index), `$2` an exact id. */
export const SEARCH_WHERE = `WHERE lower(${o.col.name}) LIKE $1 OR ${o.col.id} = $2`;

/**
 * A page of organizations, newest first: `where` filters with `$1..$n`, then `LIMIT $n+1
 * OFFSET $n+2`. `byMatches`: the matches' ids and dates are read first (through the name
 * index), sorted, and only the page's rows are read in full.
 */
export function organizationPageSql(where: string, n: number, byMatches: boolean): string {
  const page = `ORDER BY ${o.col.createdAt} DESC, ${o.col.id} ASC`;
  const limit = `LIMIT $${n + 1} OFFSET $${n + 2}`;
  if (!byMatches) return `SELECT ${ORGANIZATION_COLUMNS} FROM ${o.ref} ${where} ${page} ${limit}`;
  return `WITH matches AS MATERIALIZED (
      SELECT ${o.col.id} AS id, ${o.col.createdAt} AS "createdAt" FROM ${o.ref} ${where}),
    page AS (SELECT id FROM matches ORDER BY "createdAt" DESC, id ASC ${limit})
    SELECT ${ORGANIZATION_COLUMNS} FROM page JOIN ${o.ref} ON ${o.col.id} = page.id ${page}`;
}

/**
 * Organizations, newest first, with member counts. `q` matches a name prefix
 * (case-insensitive, served by the lower(name) index) or an exact id.
 */
export async function listOrganizations(
  ctx: ServiceContext,
  input: ListOrganizationsInput = {},
): Promise<Paginated<OrganizationWithCounts>> {
  assertCanManageTenant(ctx);
  const { q, page, pageSize } = parseInput(listOrganizationsInput, input);
  const sql = sqlRunner(ctx.db);
  const where = q ? SEARCH_WHERE : "";
  const params = q ? [prefixPattern(q.toLowerCase()), q] : [];
  const n = params.length;
  const countRows = async () =>
    Number(
      (
        await sql.rows<{ n: string }>(`SELECT count(*)::text AS n FROM ${o.ref} ${where}`, params)
      )[0]?.n ?? 0,
    );
  // A search counts its matches first, to pick how to read its page (see SEARCH_BY_MATCHES).
  const matches = q ? await countRows() : undefined;
  const byMatches = matches !== undefined && matches <= SEARCH_BY_MATCHES;
  return paginate(
    { page, pageSize },
    {
      rows: async ({ skip, take }) =>
        sql.rows<OrganizationRow & { memberCount: number }>(
          organizationPageSql(where, n, byMatches),
          [...params, take, skip],
        ),
      count: async () => matches ?? countRows(),
      toItem: ({ memberCount, ...row }) => ({ ...toOrganization(row), memberCount }),
    },
  );
}
