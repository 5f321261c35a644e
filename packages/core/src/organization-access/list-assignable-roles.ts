import { organizationRef, type AssignableRole, type OrganizationRef } from "@guildhall/validators";
import type { ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { ANY_MEMBER, authorizeInOrganization } from "./authorize-in-organization.ts";
import { grantableRoleIds, readRoleGrants } from "./role-grants.ts";

/**
 * The template's roles for users, each with its permissions and whether the caller may give
 * or take it away in this organization (`grantable`): what a role picker shows. Any member
 * may read it; tenant managers may grant every role.
 * @throws auth.forbidden
 */
export async function listAssignableRoles(
  ctx: ServiceContext,
  input: OrganizationRef,
): Promise<AssignableRole[]> {
  const { organizationId } = parseInput(organizationRef, input);
  const access = await authorizeInOrganization(ctx, organizationId, ANY_MEMBER);
  const roles = await ctx.db.organizationRole.findMany({
    where: { type: "User" },
    select: { id: true, name: true, description: true },
    orderBy: [{ name: "asc" }, { id: "asc" }],
  });
  const grants = await readRoleGrants(
    ctx.db,
    roles.map((role) => role.id),
  );
  const byId = new Map(grants.map((g) => [g.id, g]));
  const grantable = await grantableRoleIds(ctx.db, access, grants);
  return roles.map((role) => ({
    ...role,
    permissions: [...(byId.get(role.id)?.permissions ?? [])].sort(),
    grantable: grantable.has(role.id),
  }));
}
