import { id as idSchema, type RoleImpact } from "@guildhall/validators";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { roleNotFound } from "./select.ts";

/** Impact preview: how many members in how many organizations hold this role today. */
export async function getRoleImpact(ctx: ServiceContext, { id }: { id: string }): Promise<RoleImpact> {
  assertCanManageTenant(ctx);
  const roleId = parseInput(idSchema, id);
  const exists = await ctx.db.organizationRole.findUnique({ where: { id: roleId }, select: { id: true } });
  if (!exists) throw roleNotFound(roleId);
  const [counts] = await ctx.db.$queryRaw<{ organizations: bigint; members: bigint }[]>`
    SELECT count(DISTINCT "organizationId") AS organizations, count(*) AS members
    FROM organization_member_roles WHERE "roleId" = ${roleId}`;
  return { organizations: Number(counts?.organizations ?? 0), members: Number(counts?.members ?? 0) };
}
