import { sqlPool } from "@guildhall/db/client";
import { sqlTable } from "@guildhall/db/sql";
import {
  BUILT_IN_PERMISSIONS,
  listMembersInput,
  type ListMembersInput,
  type Member,
  type Paginated,
} from "@guildhall/validators";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { authorizeInOrganization } from "../organization-access/authorize-in-organization.ts";
import { parseInput } from "../parse.ts";
import { escapeLike } from "../shared/like.ts";
import { paginate } from "../shared/paginate.ts";
import { toUser, USER_SEARCH_FIELDS, userColumns, type UserRow } from "../users/select.ts";
import { assertOrganizationExists } from "./lookups.ts";

const m = sqlTable("OrganizationMember", "m");
const u = sqlTable("User", "u");
const f = sqlTable("OrganizationMemberRole", "f");
const mr = sqlTable("OrganizationMemberRole", "mr");
const r = sqlTable("OrganizationRole", "r");
const mf = sqlTable("UserMfaFactor", "mf");
// The user columns every API returns (userColumns: never the password hash).
const USER_COLUMNS = (Object.keys(userColumns) as (keyof typeof userColumns)[])
  .map((c) => u.col[c])
  .join(", ");

// The filter shared by the page and the count, built from the filters actually given so
// each statement gets a plan for its own shape (no "$2 IS NULL OR ..." generic plans).
function filterSql(filters: { q?: string; roleId?: string }, params: unknown[]) {
  const parts = [`FROM ${m.ref}`];
  const where = [`${m.col.organizationId} = $1`];
  if (filters.q) {
    params.push(filters.q);
    const n = params.length;
    parts.push(`JOIN ${u.ref} ON ${u.col.id} = ${m.col.userId}`);
    // The fields of `userSearch`, each matched in part and in any case, or the exact id.
    const fields = USER_SEARCH_FIELDS.map((c) => `${u.col[c]} ILIKE '%' || $${n} || '%'`);
    where.push(`(${fields.join(" OR ")} OR ${u.col.id} = $${n})`);
  }
  if (filters.roleId) {
    params.push(filters.roleId);
    where.push(`EXISTS (SELECT 1 FROM ${f.ref}
      WHERE ${f.col.organizationId} = ${m.col.organizationId} AND ${f.col.userId} = ${m.col.userId} AND ${f.col.roleId} = $${params.length})`);
  }
  return `${parts.join(" ")} WHERE ${where.join(" AND ")}`;
}

// One round trip for the page with each member's roles; the (organizationId, createdAt,
// userId) index serves the order, so a page costs the same in an organization of 10,000.
function pageSql(filter: string, limit: number, offset: number) {
  return `
  WITH page AS (
    SELECT ${m.col.userId}, ${m.col.createdAt} AS "joinedAt" ${filter}
    ORDER BY ${m.col.createdAt}, ${m.col.userId} LIMIT $${limit} OFFSET $${offset})
  SELECT ${USER_COLUMNS}, p."joinedAt",
         coalesce((SELECT json_agg(json_build_object('id', ${r.col.id}, 'name', ${r.col.name}) ORDER BY ${r.col.name})
                   FROM ${mr.ref} JOIN ${r.ref} ON ${r.col.id} = ${mr.col.roleId}
                   WHERE ${mr.col.organizationId} = $1 AND ${mr.col.userId} = p."userId"), '[]'::json) AS roles,
         coalesce((SELECT json_agg(json_build_object('type', ${mf.col.type}))
                   FROM ${mf.ref}
                   WHERE ${mf.col.userId} = p."userId" AND ${mf.col.confirmedAt} IS NOT NULL), '[]'::json) AS "mfaFactors"
  FROM page p JOIN ${u.ref} ON ${u.col.id} = p."userId"
  ORDER BY p."joinedAt", p."userId"`;
}

/**
 * An organization's members with their roles, in the order they joined. `q` searches
 * email, username, phone, name or id; `organizationRoleId` keeps members holding that role.
 * Members holding `guildhall:members:read` list their own organization's.
 * @throws organization.not_found, auth.forbidden
 */
export async function listMembers(
  ctx: ServiceContext,
  input: ListMembersInput,
): Promise<Paginated<Member>> {
  if (ctx.actor.type !== "user") assertCanManageTenant(ctx);
  const { organizationId, q, organizationRoleId, page, pageSize } = parseInput(
    listMembersInput,
    input,
  );
  // The member check and the page run side by side (one round trip, not two); nothing is
  // returned unless the check passed.
  const authorized = authorizeInOrganization(ctx, organizationId, BUILT_IN_PERMISSIONS.membersRead);
  const pool = sqlPool(ctx.db);
  const params: unknown[] = [organizationId];
  const filter = filterSql(
    { q: q ? escapeLike(q) : undefined, roleId: organizationRoleId },
    params,
  );
  const listed = paginate(
    { page, pageSize },
    {
      rows: async ({ skip, take }) => {
        const pageParams = [...params, take, skip];
        const { rows } = await pool.query<
          UserRow & { joinedAt: Date; roles: { id: string; name: string }[] }
        >(pageSql(filter, pageParams.length - 1, pageParams.length), pageParams);
        return rows;
      },
      count: async () =>
        Number(
          (await pool.query<{ n: string }>(`SELECT count(*)::text AS n ${filter}`, params)).rows[0]
            ?.n ?? 0,
        ),
      toItem: ({ joinedAt, roles, ...user }) => ({
        ...toUser(user),
        organizationRoles: roles,
        joinedAt,
      }),
    },
  );
  const [, result] = await Promise.all([authorized, listed]);
  // An empty result may mean there is no such organization; only then is it worth asking.
  if (result.total === 0) await assertOrganizationExists(ctx.db, organizationId);
  return result;
}
