import type { Prisma } from "@guildhall/db";
import { prismaStatement, sqlTable } from "@guildhall/db/sql";
import { BUILT_IN_PERMISSIONS } from "@guildhall/validators";
import { DomainError } from "../errors.ts";
import { organizationNotFound } from "../organizations/select.ts";
import { effectivePermissionsSql } from "../permissions/effective-permissions.ts";

const orgs = sqlTable("Organization");
const LOCK_ORGANIZATION_SQL = prismaStatement(
  `SELECT ${orgs.col.id} FROM ${orgs.ref} WHERE ${orgs.col.id} = $1 FOR UPDATE`,
);

// The arguments are bound once, in `args`, and referred to by column: a prismaStatement
// takes each placeholder once, in order.
const managers = effectivePermissionsSql("user", { organizationId: `args."organizationId"` });
const m = sqlTable("OrganizationMember", "m");
const COUNT_SQL = prismaStatement(`
  SELECT (SELECT count(DISTINCT ${managers.holder.id})::int ${managers.from} AND ${managers.permission.name} = args.permission) AS managers,
         (SELECT count(*)::int FROM ${m.ref} WHERE ${m.col.organizationId} = args."organizationId") AS members
  FROM (SELECT $1::text AS "organizationId", $2::text AS permission) AS args`);

/**
 * Locks the organization's row for the rest of the transaction: membership changes made by
 * members queue one behind the other, so two admins demoting each other at once cannot both
 * see the other as "still an admin".
 * @throws organization.not_found
 */
export async function lockOrganization(
  tx: Prisma.TransactionClient,
  organizationId: string,
): Promise<void> {
  const locked = await tx.$queryRaw<{ id: string }[]>(LOCK_ORGANIZATION_SQL, organizationId);
  if (locked.length === 0) throw organizationNotFound(organizationId);
}

export interface RoleManagerCount {
  /** Members whose roles hold `guildhall:members:roles`: who can still hand out roles. */
  managers: number;
  members: number;
}

export async function countRoleManagers(
  tx: Prisma.TransactionClient,
  organizationId: string,
): Promise<RoleManagerCount> {
  const rows = await tx.$queryRaw<RoleManagerCount[]>(
    COUNT_SQL,
    organizationId,
    BUILT_IN_PERMISSIONS.membersRoles,
  );
  return rows[0] ?? { managers: 0, members: 0 };
}

/**
 * An organization that had someone able to hand out roles keeps one, as long as it has
 * members at all: otherwise nobody but the vendor could ever manage it again. Runs after
 * the change, in its transaction (under `lockOrganization`), and throws to roll it back.
 * @throws organization.last_admin
 */
export async function assertRoleManagerRemains(
  tx: Prisma.TransactionClient,
  organizationId: string,
  before: RoleManagerCount,
): Promise<void> {
  if (before.managers === 0) return;
  const after = await countRoleManagers(tx, organizationId);
  if (after.managers > 0 || after.members === 0) return;
  throw new DomainError(
    "organization.last_admin",
    `This would leave the organization with nobody holding ${BUILT_IN_PERMISSIONS.membersRoles}. Give another member a role that holds it first.`,
    { organizationId },
  );
}
