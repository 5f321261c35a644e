import { sqlPool } from "@guildhall/db/client";
import {
  listMembersInput,
  type ListMembersInput,
  type Member,
  type Paginated,
} from "@guildhall/validators";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { pageArgs } from "../shared/paginate.ts";
import { toUser, type UserRow } from "../users/select.ts";
import { assertOrganizationExists } from "./lookups.ts";

// The filter shared by the page and the count. $1 organization, $2 search text or null,
// $3 role id or null. Search matches part of the email or name (any case) or the exact id.
const FILTER = `
  FROM organization_members m
  JOIN users u ON u.id = m."userId"
  WHERE m."organizationId" = $1
    AND ($2::text IS NULL OR u.email ILIKE '%' || $2 || '%' OR u.name ILIKE '%' || $2 || '%' OR u.id = $2)
    AND ($3::text IS NULL OR EXISTS (
      SELECT 1 FROM organization_member_roles f
      WHERE f."organizationId" = m."organizationId" AND f."userId" = m."userId" AND f."roleId" = $3))`;

// One round trip for the page with each member's roles; the (organizationId, createdAt,
// userId) index serves the order, so a page costs the same in an organization of 10,000.
const PAGE_SQL = `
  WITH page AS (
    SELECT m."userId", m."createdAt" AS "joinedAt" ${FILTER}
    ORDER BY m."createdAt", m."userId" LIMIT $4 OFFSET $5)
  SELECT u.id, u.email, u.name, u."avatarUrl", u."emailVerifiedAt", u."mfaEnabledAt", u."suspendedAt",
         u."customData", u."lastSignInAt", u."createdAt", u."updatedAt", p."joinedAt",
         coalesce((SELECT json_agg(json_build_object('id', r.id, 'name', r.name) ORDER BY r.name)
                   FROM organization_member_roles mr JOIN organization_roles r ON r.id = mr."roleId"
                   WHERE mr."organizationId" = $1 AND mr."userId" = p."userId"), '[]'::json) AS roles
  FROM page p JOIN users u ON u.id = p."userId"
  ORDER BY p."joinedAt", p."userId"`;

/** SQL LIKE wildcards in the search text are matched literally. */
function escapeLike(q: string) {
  return q.replace(/[\\%_]/g, (c) => `\\${c}`);
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
  const filterArgs = [organizationId, q ? escapeLike(q) : null, organizationRoleId ?? null];
  const [rows, counts] = await Promise.all([
    pool.query<UserRow & { joinedAt: Date; roles: { id: string; name: string }[] }>(PAGE_SQL, [...filterArgs, take, skip]),
    pool.query<{ n: string }>(`SELECT count(*)::text AS n ${FILTER}`, filterArgs),
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
