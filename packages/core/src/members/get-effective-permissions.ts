import type { Db, Prisma } from "@guildhall/db";
import { memberRef, type EffectivePermission, type MemberRef } from "@guildhall/validators";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { assertMember } from "./lookups.ts";

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
  const rows = await ctx.db.$queryRaw<EffectivePermission[]>`
    SELECT p.id, p.name, p.description,
           json_agg(json_build_object('id', r.id, 'name', r.name) ORDER BY r.name, r.id) AS "grantedBy"
    FROM organization_member_roles mr
    JOIN organization_roles r ON r.id = mr."roleId"
    JOIN organization_role_permissions rp ON rp."roleId" = mr."roleId"
    JOIN organization_permissions p ON p.id = rp."permissionId"
    WHERE mr."organizationId" = ${organizationId} AND mr."userId" = ${userId}
    GROUP BY p.id
    ORDER BY p.name`;
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
  const rows = await db.$queryRaw<{ name: string }[]>`
    SELECT DISTINCT p.name
    FROM organization_member_roles mr
    JOIN organization_role_permissions rp ON rp."roleId" = mr."roleId"
    JOIN organization_permissions p ON p.id = rp."permissionId"
    WHERE mr."organizationId" = ${organizationId} AND mr."userId" = ${userId}
    ORDER BY p.name`;
  return rows.map((r) => r.name);
}
