import { sqlRunner } from "@guildhall/db/sql-runner";
import { sqlTable } from "@guildhall/db/sql";
import { id, type FeaturedMember } from "@guildhall/validators";
import { z } from "zod";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";

/** How many members an organization list entry features (Logto's `featuredUsers`). */
export const FEATURED_MEMBER_COUNT = 3;

const m = sqlTable("OrganizationMember", "m");
const u = sqlTable("User", "u");

// Per organization, its first members in join order: the (organizationId, createdAt, userId)
// index serves each LIMIT without reading the organization's other members.
const FEATURED_SQL = `SELECT org.id AS "organizationId", f.id, f.name, f."avatarUrl"
  FROM unnest($1::text[]) AS org(id)
  CROSS JOIN LATERAL (
    SELECT ${u.col.id} AS id, ${u.col.name} AS name, ${u.col.avatarUrl} AS "avatarUrl"
    FROM ${m.ref} JOIN ${u.ref} ON ${u.col.id} = ${m.col.userId}
    WHERE ${m.col.organizationId} = org.id
    ORDER BY ${m.col.createdAt} ASC, ${m.col.userId} ASC
    LIMIT ${FEATURED_MEMBER_COUNT}
  ) AS f`;

const input = z.object({ organizationIds: z.array(id).max(100) });

/**
 * The first members (by join date, at most `FEATURED_MEMBER_COUNT`) of each organization
 * given, for list entries that show faces (Logto's `showFeatured`). One statement for the
 * whole page. Organizations without members, or unknown ids, map to `[]`.
 */
export async function getFeaturedMembers(
  ctx: ServiceContext,
  { organizationIds }: { organizationIds: string[] },
): Promise<Map<string, FeaturedMember[]>> {
  assertCanManageTenant(ctx);
  const ids = parseInput(input, { organizationIds }).organizationIds;
  const featured = new Map<string, FeaturedMember[]>(ids.map((orgId) => [orgId, []]));
  if (ids.length === 0) return featured;
  const rows = await sqlRunner(ctx.db).rows<FeaturedMember & { organizationId: string }>(
    FEATURED_SQL,
    [ids],
  );
  for (const { organizationId, ...member } of rows) featured.get(organizationId)?.push(member);
  return featured;
}
