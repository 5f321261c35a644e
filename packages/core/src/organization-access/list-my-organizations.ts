import { prismaStatement, sqlTable } from "@guildhall/db/sql";
import type { MyOrganization } from "@guildhall/validators";
import { selfUserId } from "../accounts/self.ts";
import type { ServiceContext } from "../context.ts";
import { storedBrandingOf } from "../organizations/select.ts";
import { effectivePermissionsSql } from "../permissions/effective-permissions.ts";

const m = sqlTable("OrganizationMember", "m");
const o = sqlTable("Organization", "o");
const mr = sqlTable("OrganizationMemberRole", "mr");
const r = sqlTable("OrganizationRole", "r");
const held = effectivePermissionsSql("user", {
  organizationId: `${m.col.organizationId}`,
  holderId: `${m.col.userId}`,
});
// One round trip for the switcher: every membership with its roles and permissions.
const MY_ORGANIZATIONS_SQL = prismaStatement(`
  SELECT ${o.col.id}, ${o.col.name}, ${o.col.description}, ${o.col.branding}, ${o.col.color},
         coalesce((SELECT json_agg(json_build_object('id', ${r.col.id}, 'name', ${r.col.name}) ORDER BY ${r.col.name})
                   FROM ${mr.ref} JOIN ${r.ref} ON ${r.col.id} = ${mr.col.roleId}
                   WHERE ${mr.col.organizationId} = ${m.col.organizationId} AND ${mr.col.userId} = ${m.col.userId}), '[]'::json) AS roles,
         array(SELECT DISTINCT ${held.permission.name} ${held.from} ORDER BY 1) AS permissions
  FROM ${m.ref} JOIN ${o.ref} ON ${o.col.id} = ${m.col.organizationId}
  WHERE ${m.col.userId} = $1
  ORDER BY ${o.col.name}, ${o.col.id}`);

/**
 * The caller's organizations with their roles and permissions in each, by name: what an
 * organization switcher shows. A user's memberships are few; no paging.
 * @throws auth.forbidden
 */
export async function listMyOrganizations(ctx: ServiceContext): Promise<MyOrganization[]> {
  const userId = selfUserId(ctx);
  const rows = await ctx.db.$queryRaw<
    (Omit<MyOrganization, "branding" | "color"> & { branding: unknown; color: unknown })[]
  >(MY_ORGANIZATIONS_SQL, userId);
  return rows.map((row) => ({ ...row, ...storedBrandingOf(row) }));
}
