import { sqlPool } from "@guildhall/db/client";
import {
  listMembersInput,
  type ListMembersInput,
  type Member,
  type Paginated,
} from "@guildhall/validators";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { escapeLike } from "../shared/like.ts";
import { pageArgs } from "../shared/paginate.ts";
import { toUser, type UserRow } from "../users/select.ts";
import { assertOrganizationExists } from "./lookups.ts";

// The filter shared by the page and the count, built from the filters actually given so
// each statement gets a plan for its own shape (no "$2 IS NULL OR ..." generic plans).
function filterSql(filters: { q?: string; roleId?: string }, params: unknown[]) {
  const parts = [`FROM organization_members m`];
  const where = [`m."organizationId" = $1`];
  if (filters.q) {
    params.push(filters.q);
    const n = params.length;
    parts.push(`JOIN users u ON u.id = m."userId"`);
    where.push(`(u.email ILIKE '%' || $${n} || '%' OR u.name ILIKE '%' || $${n} || '%' OR u.id = $${n})`);
  }
  if (filters.roleId) {
    params.push(filters.roleId);
    where.push(`EXISTS (SELECT 1 FROM organization_member_roles f
      WHERE f."organizationId" = m."organizationId" AND f."userId" = m."userId" AND f."roleId" = $${params.length})`);
  }
  return `${parts.join(" ")} WHERE ${where.join(" AND ")}`;
}

// One round trip for the page with each member's roles; the (organizationId, createdAt,
// userId) index serves the order, so a page costs the same in an organization of 10,000.
function pageSql(filter: string, limit: number, offset: number) {
  return `
  WITH page AS (
    SELECT m."userId", m."createdAt" AS "joinedAt" ${filter}
    ORDER BY m."createdAt", m."userId" LIMIT $${limit} OFFSET $${offset})
  SELECT u.id, u.email, u.name, u."avatarUrl", u."emailVerifiedAt", u."mfaEnabledAt", u."suspendedAt",
         u."customData", u."lastSignInAt", u."createdAt", u."updatedAt", p."joinedAt",
         coalesce((SELECT json_agg(json_build_object('id', r.id, 'name', r.name) ORDER BY r.name)
                   FROM organization_member_roles mr JOIN organization_roles r ON r.id = mr."roleId"
                   WHERE mr."organizationId" = $1 AND mr."userId" = p."userId"), '[]'::json) AS roles
  FROM page p JOIN users u ON u.id = p."userId"
  ORDER BY p."joinedAt", p."userId"`;
}

/**
 * An organization's members with their roles, in the order they joined. `q` searches
 * email, name or id; `organizationRoleId` keeps members holding that role.
 * @throws organization.not_found
 */
export async function listMembers(ctx: ServiceContext, input: ListMembersInput): Promise<Paginated<Member>> {
  assertCanManageTenant(ctx);
  const { organizationId, q, organizationRoleId, page, pageSize } = parseInput(listMembersInput, input);
  const { skip, take } = pageArgs({ page, pageSize });
  const pool = sqlPool(ctx.db);
  const params: unknown[] = [organizationId];
  const filter = filterSql({ q: q ? escapeLike(q) : undefined, roleId: organizationRoleId }, params);
  const pageParams = [...params, take, skip];
  const [rows, counts] = await Promise.all([
    pool.query<UserRow & { joinedAt: Date; roles: { id: string; name: string }[] }>(
      pageSql(filter, pageParams.length - 1, pageParams.length),
      pageParams,
    ),
    pool.query<{ n: string }>(`SELECT count(*)::text AS n ${filter}`, params),
  ]);
  const total = Number(counts.rows[0]?.n ?? 0);
  // An empty result may mean there is no such organization; only then is it worth asking.
  if (total === 0) await assertOrganizationExists(ctx.db, organizationId);
  return {
    items: rows.rows.map(({ joinedAt, roles, ...user }) => ({ ...toUser(user), organizationRoles: roles, joinedAt })),
    total,
    page,
    pageSize,
  };
}
