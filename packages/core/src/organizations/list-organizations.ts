import { sqlPool } from "@guildhall/db/client";
import {
  listOrganizationsInput,
  type ListOrganizationsInput,
  type OrganizationWithCounts,
  type Paginated,
} from "@guildhall/validators";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { prefixPattern } from "../shared/like.ts";
import { pageArgs } from "../shared/paginate.ts";
import { toOrganization, type OrganizationRow } from "./select.ts";

// Member counts are per-row subqueries on the membership primary key: the ORM's _count
// aggregates the whole membership table first, which costs seconds at 1,000,000 rows.
export const ORGANIZATION_COLUMNS = `o.id, o.name, o.description, o."customData", o."isMfaRequired", o.branding,
  o."createdAt", o."updatedAt",
  (SELECT count(*) FROM organization_members m WHERE m."organizationId" = o.id)::int AS "memberCount"`;

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
  const { skip, take } = pageArgs({ page, pageSize });
  const pool = sqlPool(ctx.db);
  const where = q ? `WHERE lower(o.name) LIKE $1 OR o.id = $2` : "";
  const params = q ? [prefixPattern(q.toLowerCase()), q] : [];
  const n = params.length;
  const [rows, counts] = await Promise.all([
    pool.query<OrganizationRow & { memberCount: number }>(
      `SELECT ${ORGANIZATION_COLUMNS} FROM organizations o ${where}
       ORDER BY o."createdAt" DESC, o.id ASC LIMIT $${n + 1} OFFSET $${n + 2}`,
      [...params, take, skip],
    ),
    pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM organizations o ${where}`, params),
  ]);
  return {
    items: rows.rows.map(({ memberCount, ...row }) => ({ ...toOrganization(row), memberCount })),
    total: Number(counts.rows[0]?.n ?? 0),
    page,
    pageSize,
  };
}
