import { sqlTable } from "@guildhall/db/sql";
import { preparedSql, sqlRunner, type PreparedSql } from "@guildhall/db/sql-runner";
import {
  BUILT_IN_PERMISSIONS,
  listMembersInput,
  type ListMembersInput,
  type MemberList,
} from "@guildhall/validators";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { authorizeInOrganization } from "../organization-access/authorize-in-organization.ts";
import { DomainError } from "../errors.ts";
import { parseInput } from "../parse.ts";
import { escapeLike } from "../shared/like.ts";
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
// userId) index serves the order. `after` is a keyset position (a cursor): the index is
// entered there, so the last page costs what the first does; without it, OFFSET (numbered
// pages, Logto's), which walks the rows it skips.
function pageSql(filter: string, limit: number, offset: number | null, after: number | null) {
  const seek =
    after === null
      ? ""
      : ` AND (${m.col.createdAt}, ${m.col.userId}) > ($${after}::timestamp(3), $${after + 1}::text)`;
  return `
  WITH page AS (
    SELECT ${m.col.userId}, ${m.col.createdAt} AS "joinedAt" ${filter}${seek}
    ORDER BY ${m.col.createdAt}, ${m.col.userId} LIMIT $${limit}${offset === null ? "" : ` OFFSET $${offset}`})
  SELECT ${USER_COLUMNS}, p."joinedAt", to_char(p."joinedAt", 'YYYY-MM-DD HH24:MI:SS.MS') AS "joinedAtKey",
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
): Promise<MemberList> {
  if (ctx.actor.type !== "user") assertCanManageTenant(ctx);
  const { organizationId, q, organizationRoleId, page, pageSize, cursor } = parseInput(
    listMembersInput,
    input,
  );
  const after = cursor === undefined ? null : decodeCursor(cursor);
  // The member check, the page and the total run side by side (one round trip, not three);
  // nothing is returned unless the check passed.
  const authorized = authorizeInOrganization(ctx, organizationId, BUILT_IN_PERMISSIONS.membersRead);
  const sql = sqlRunner(ctx.db);
  const params: unknown[] = [organizationId];
  const filtered = Boolean(q || organizationRoleId);
  const filter = filterSql(
    { q: q ? escapeLike(q) : undefined, roleId: organizationRoleId },
    params,
  );
  const pageParams: unknown[] = [...params, pageSize];
  const limit = pageParams.length;
  let offset: number | null = null;
  let seek: number | null = null;
  if (after) {
    pageParams.push(after.joinedAt, after.userId);
    seek = pageParams.length - 1;
  } else {
    pageParams.push((page - 1) * pageSize);
    offset = pageParams.length;
  }
  const text = pageSql(filter, limit, offset, seek);
  const rowsQuery = sql.rows<
    UserRow & { joinedAt: Date; joinedAtKey: string; roles: { id: string; name: string }[] }
  >(filtered ? text : unfilteredPage(text), pageParams);
  // Unfiltered, the total is the organization's kept count (O(1)); it also says whether the
  // organization exists. Filtered, the matches are counted.
  const totalQuery = filtered
    ? sql
        .rows<{ n: number }>(`SELECT count(*)::int AS n ${filter}`, params)
        .then((rows) => rows[0]?.n ?? 0)
    : sql
        .rows<{ n: number }>(MEMBER_COUNT_SQL, [organizationId])
        .then((rows) => rows[0]?.n ?? null);
  const [, rows, total] = await Promise.all([authorized, rowsQuery, totalQuery]);
  // No organization row, or an empty filtered result that may mean there is none.
  if (total === null || total === 0) await assertOrganizationExists(ctx.db, organizationId);
  const last = rows.length === pageSize ? rows[rows.length - 1] : undefined;
  return {
    items: rows.map(({ joinedAt, joinedAtKey: _key, roles, ...user }) => ({
      ...toUser(user),
      organizationRoles: roles,
      joinedAt,
    })),
    total: total ?? 0,
    page: after ? 1 : page,
    pageSize,
    nextCursor: last ? encodeCursor({ joinedAt: last.joinedAtKey, userId: last.id }) : null,
  };
}

const organizations = sqlTable("Organization", "o");
const MEMBER_COUNT_SQL = preparedSql(
  `SELECT ${organizations.col.memberCount} AS n FROM ${organizations.ref} WHERE ${organizations.col.id} = $1`,
);

// The unfiltered page has two shapes (by page number, by cursor): named prepared statements,
// planned once per connection instead of at every call (~0.25 ms of PostgreSQL a page). A
// filtered page stays unnamed: its best plan depends on what is searched for.
const unfilteredPages = new Map<string, PreparedSql>();
function unfilteredPage(text: string): PreparedSql {
  let statement = unfilteredPages.get(text);
  if (!statement) unfilteredPages.set(text, (statement = preparedSql(text)));
  return statement;
}

interface MemberPosition {
  /** The membership's createdAt as PostgreSQL wrote it (no time zone conversion). */
  joinedAt: string;
  userId: string;
}

/** `YYYY-MM-DD HH:MM:SS.mmm` naming a real instant (PostgreSQL would refuse 2026-02-30 with a 500). */
function isTimestamp(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/.test(value)) return false;
  const iso = `${value.replace(" ", "T")}Z`;
  const time = Date.parse(iso);
  return !Number.isNaN(time) && new Date(time).toISOString() === iso;
}

/** Opaque to clients: where the page before ended, in the list's order. */
function encodeCursor(position: MemberPosition): string {
  return Buffer.from(JSON.stringify([position.joinedAt, position.userId])).toString("base64url");
}

function decodeCursor(cursor: string): MemberPosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === "string" &&
      isTimestamp(value[0]) &&
      typeof value[1] === "string" &&
      value[1].length > 0 &&
      value[1].length <= 64 &&
      !value[1].includes("\u0000")
    )
      return { joinedAt: value[0], userId: value[1] };
  } catch {
    // answered below
  }
  throw new DomainError("guard.invalid_input", "cursor: This cursor was not given by this list.", {
    issues: [{ path: ["cursor"], message: "This cursor was not given by this list." }],
  });
}
