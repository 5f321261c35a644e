import type { Db, Prisma } from "@guildhall/db";
import { sqlTable } from "@guildhall/db/sql";
import { sqlRunner, preparedSql } from "@guildhall/db/sql-runner";
import { DomainError } from "../errors.ts";
import { effectiveResourceScopesSql } from "../permissions/effective-permissions.ts";
import type { OrganizationAccess } from "./authorize-in-organization.ts";

type Client = Db | Prisma.TransactionClient;

const r = sqlTable("OrganizationRole", "r");
const rp = sqlTable("OrganizationRolePermission", "rp");
const p = sqlTable("OrganizationPermission", "p");
const ras = sqlTable("OrganizationRoleApiScope", "ras");
/** What the role `roleId` (an SQL expression) grants: organization permissions by name. */
export const rolePermissionNamesSql = (roleId: string) =>
  `array(SELECT ${p.col.name} FROM ${rp.ref} JOIN ${p.ref} ON ${p.col.id} = ${rp.col.permissionId} WHERE ${rp.col.roleId} = ${roleId})`;
/** What the role `roleId` (an SQL expression) grants: API permissions by id. */
export const roleApiScopeIdsSql = (roleId: string) =>
  `array(SELECT ${ras.col.scopeId} FROM ${ras.ref} WHERE ${ras.col.organizationRoleId} = ${roleId})`;

// Each role with what it grants.
const ROLE_GRANTS_SQL = preparedSql(`
  SELECT ${r.col.id}, ${r.col.name}, ${rolePermissionNamesSql(r.col.id)} AS permissions,
         ${roleApiScopeIdsSql(r.col.id)} AS "apiScopeIds"
  FROM ${r.ref} WHERE ${r.col.id} = ANY($1::text[])`);

const heldApi = effectiveResourceScopesSql("user", { organizationId: "$1", holderId: "$2" });
const HELD_API_SCOPES_SQL = preparedSql(
  `SELECT DISTINCT ${heldApi.scope.id} AS id ${heldApi.from}`,
);

export interface RoleGrant {
  id: string;
  name: string;
  permissions: string[];
  apiScopeIds: string[];
}

export async function readRoleGrants(tx: Client, roleIds: readonly string[]): Promise<RoleGrant[]> {
  if (roleIds.length === 0) return [];
  return sqlRunner(tx).rows<RoleGrant>(ROLE_GRANTS_SQL, [[...roleIds]]);
}

/** The API permissions (ids) a member's roles hold in the organization. */
export async function readHeldApiScopeIds(
  tx: Client,
  organizationId: string,
  userId: string,
): Promise<Set<string>> {
  const rows = await sqlRunner(tx).rows<{ id: string }>(HELD_API_SCOPES_SQL, [
    organizationId,
    userId,
  ]);
  return new Set(rows.map((row) => row.id));
}

/**
 * Which of these roles a member may give or take away: those granting nothing the member
 * does not hold themselves (organization permissions and API permissions alike). Tenant
 * managers may grant any.
 */
export async function grantableRoleIds(
  tx: Client,
  access: OrganizationAccess,
  roles: readonly RoleGrant[],
): Promise<Set<string>> {
  const { member } = access;
  if (!member) return new Set(roles.map((role) => role.id));
  const needsApi = roles.some((role) => role.apiScopeIds.length > 0);
  const api = needsApi
    ? await readHeldApiScopeIds(tx, access.organizationId, member.userId)
    : new Set<string>();
  return new Set(
    roles
      .filter(
        (role) =>
          role.permissions.every((name) => member.permissions.has(name)) &&
          role.apiScopeIds.every((scopeId) => api.has(scopeId)),
      )
      .map((role) => role.id),
  );
}

/**
 * No escalation: a member may only give (or take away) roles whose permissions they hold
 * themselves. Taking away counts too, or a member allowed to change roles could demote
 * someone who holds more than they do.
 * @throws member.role_not_grantable
 */
export async function assertMayGrantRoles(
  tx: Client,
  access: OrganizationAccess,
  /** The roles by id, or as read already (with what they grant). */
  roleIdsOrGrants: readonly string[] | readonly RoleGrant[],
): Promise<void> {
  if (!access.member || roleIdsOrGrants.length === 0) return;
  const roles = roleIdsOrGrants.every((role) => typeof role === "string")
    ? await readRoleGrants(tx, [...new Set(roleIdsOrGrants)])
    : roleIdsOrGrants;
  const allowed = await grantableRoleIds(tx, access, roles);
  const refused = roles.filter((role) => !allowed.has(role.id));
  if (refused.length === 0) return;
  const names = refused.map((role) => `"${role.name}"`).join(", ");
  throw new DomainError(
    "member.role_not_grantable",
    `You can only give or take away roles whose permissions you hold yourself; ${names} grant${refused.length === 1 ? "s" : ""} more than your roles do.`,
    { roleIds: refused.map((role) => role.id) },
  );
}

/**
 * A member may only remove members who hold nothing they do not hold themselves (an
 * organization's moderator cannot remove its owner).
 * @throws member.role_not_grantable
 */
export async function assertMayRemoveMember(
  tx: Client,
  access: OrganizationAccess,
  userId: string,
): Promise<void> {
  if (!access.member || access.member.userId === userId) return;
  const roles = await tx.organizationMemberRole.findMany({
    where: { organizationId: access.organizationId, userId },
    select: { roleId: true },
  });
  const grants = await readRoleGrants(
    tx,
    roles.map((role) => role.roleId),
  );
  const allowed = await grantableRoleIds(tx, access, grants);
  if (grants.every((role) => allowed.has(role.id))) return;
  throw new DomainError(
    "member.role_not_grantable",
    "This member holds permissions you do not hold; an admin with those permissions can remove them.",
    { userId },
  );
}
