import { prismaStatement } from "@guildhall/db/sql";
import type { PermissionImpact } from "@guildhall/validators";
import { id as idSchema } from "@guildhall/validators";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { effectivePermissionsSql } from "../permissions/effective-permissions.ts";
import { permissionNotFound } from "./get-organization-permission.ts";

const holders = effectivePermissionsSql("user", { permissionId: "$1" });
const HOLDER_COUNTS_SQL = prismaStatement(`
  SELECT count(DISTINCT ${holders.holder.organizationId}) AS organizations,
         count(DISTINCT (${holders.holder.organizationId}, ${holders.holder.id})) AS members
  ${holders.from}`);

/**
 * Impact preview: which roles hold this permission, and how many members in how many
 * organizations hold it today (all of them lose it: the permission leaves every role).
 */
export async function getPermissionImpact(
  ctx: ServiceContext,
  { id }: { id: string },
): Promise<PermissionImpact> {
  assertCanManageTenant(ctx);
  const permissionId = parseInput(idSchema, id);
  const permission = await ctx.db.organizationPermission.findUnique({
    where: { id: permissionId },
    select: { roles: { select: { role: { select: { id: true, name: true } } } } },
  });
  if (!permission) throw permissionNotFound(permissionId);
  const [counts] = await ctx.db.$queryRaw<{ organizations: bigint; members: bigint }[]>(
    HOLDER_COUNTS_SQL,
    permissionId,
  );
  return {
    roles: permission.roles.map((r) => r.role).sort((a, b) => a.name.localeCompare(b.name)),
    organizations: Number(counts?.organizations ?? 0),
    members: Number(counts?.members ?? 0),
  };
}
