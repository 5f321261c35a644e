import { sqlPool } from "@guildhall/db/client";
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
 * Organizations, newest first, with member counts. `q` matches a name prefix
 * (case-insensitive, served by the lower(name) index) or an exact id.
 */
export async function listOrganizations(
  ctx: ServiceContext,
  input: ListOrganizationsInput = {},
): Promise<Paginated<OrganizationWithCounts>> {
  assertCanManageTenant(ctx);
  const { q, page, pageSize } = parseInput(listOrganizationsInput, input);
  const pool = sqlPool(ctx.db);
  const where = q ? `WHERE lower(${o.col.name}) LIKE $1 OR ${o.col.id} = $2` : "";
  const params = q ? [prefixPattern(q.toLowerCase()), q] : [];
  const n = params.length;
  return paginate(
    { page, pageSize },
    {
      rows: async ({ skip, take }) =>
        (
          await pool.query<OrganizationRow & { memberCount: number }>(
            `SELECT ${ORGANIZATION_COLUMNS} FROM ${o.ref} ${where}
             ORDER BY ${o.col.createdAt} DESC, ${o.col.id} ASC LIMIT $${n + 1} OFFSET $${n + 2}`,
            [...params, take, skip],
          )
        ).rows,
      count: async () =>
        Number(
          (
            await pool.query<{ n: string }>(
              `SELECT count(*)::text AS n FROM ${o.ref} ${where}`,
              params,
            )
          ).rows[0]?.n ?? 0,
        ),
      toItem: ({ memberCount, ...row }) => ({ ...toOrganization(row), memberCount }),
    },
  );
}
