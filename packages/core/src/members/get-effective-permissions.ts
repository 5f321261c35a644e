import type { Db, Prisma } from "@guildhall/db";
import { preparedSql, sqlRunner } from "@guildhall/db/sql-runner";
import { memberRef, type EffectivePermission, type MemberRef } from "@guildhall/validators";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { effectivePermissionsSql } from "../permissions/effective-permissions.ts";
import { assertMember } from "./lookups.ts";

const held = effectivePermissionsSql(
  "user",
  { organizationId: "$1", holderId: "$2" },
  { withRole: true },
);
// Named prepared statements on the pool (planned once per connection, not at every call).
const EXPLAINED_PERMISSIONS_SQL = preparedSql(`
  SELECT ${held.permission.id}, ${held.permission.name}, ${held.permission.description},
         json_agg(json_build_object('id', ${held.role.id}, 'name', ${held.role.name}) ORDER BY ${held.role.name}, ${held.role.id}) AS "grantedBy"
  ${held.from}
  GROUP BY ${held.permission.id}
  ORDER BY ${held.permission.name}`);

const names = effectivePermissionsSql("user", { organizationId: "$1", holderId: "$2" });
const PERMISSION_NAMES_SQL = preparedSql(
  `SELECT DISTINCT ${names.permission.name} ${names.from} ORDER BY ${names.permission.name}`,
);

/**
 * What a member can do in an organization: the union of the permissions of their roles
 * there, each with the roles that grant it ("explain"). Read from the template at call
 * time, so a permission added to a role shows up in every organization at once.
 * @throws member.not_found, organization.not_found
 */
export async function getEffectivePermissions(
  ctx: ServiceContext,
  input: MemberRef,
): Promise<EffectivePermission[]> {
  assertCanManageTenant(ctx);
  const { organizationId, userId } = parseInput(memberRef, input);
  const rows = await sqlRunner(ctx.db).rows<EffectivePermission>(EXPLAINED_PERMISSIONS_SQL, [
    organizationId,
    userId,
  ]);
  // Nothing granted: tell "member with no permissions" apart from "not a member".
  if (rows.length === 0) await assertMember(ctx.db, organizationId, userId);
  return rows;
}

/**
 * The names of the permissions a user holds in an organization, sorted; empty when they
 * hold none or are not a member. One indexed query, for token issuance: no authorization
 * check, the caller has already authenticated the request.
 * @example const scope = (await getMemberPermissionNames(db, { organizationId, userId })).join(" ");
 */
export async function getMemberPermissionNames(
  db: Db | Prisma.TransactionClient,
  { organizationId, userId }: { organizationId: string; userId: string },
): Promise<string[]> {
  const rows = await sqlRunner(db).rows<{ name: string }>(PERMISSION_NAMES_SQL, [
    organizationId,
    userId,
  ]);
  return rows.map((r) => r.name);
}
