import { prismaStatement, sqlTable } from "@guildhall/db/sql";
import { id as idSchema, type RoleImpact } from "@guildhall/validators";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { roleNotFound } from "./select.ts";

const mr = sqlTable("OrganizationMemberRole");
const HOLDER_COUNTS_SQL = prismaStatement(`
  SELECT count(DISTINCT ${mr.col.organizationId}) AS organizations, count(*) AS members
  FROM ${mr.ref} WHERE ${mr.col.roleId} = $1`);

/** Impact preview: how many members in how many organizations hold this role today. */
export async function getRoleImpact(
  ctx: ServiceContext,
  { id }: { id: string },
): Promise<RoleImpact> {
  assertCanManageTenant(ctx);
  const roleId = parseInput(idSchema, id);
  const exists = await ctx.db.organizationRole.findUnique({
    where: { id: roleId },
    select: { id: true },
  });
  if (!exists) throw roleNotFound(roleId);
  const [counts] = await ctx.db.$queryRaw<{ organizations: bigint; members: bigint }[]>(
    HOLDER_COUNTS_SQL,
    roleId,
  );
  return {
    organizations: Number(counts?.organizations ?? 0),
    members: Number(counts?.members ?? 0),
  };
}
