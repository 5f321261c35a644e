import type { Prisma } from "@guildhall/db";
import type { RoleType } from "@guildhall/validators";
import { managementApiRoleProtected, isManagementApiRole, roleNotFound } from "./select.ts";

export interface LoadedRole {
  id: string;
  name: string;
  type: RoleType;
}

/** The role a write is about. @throws role.not_found */
export async function loadRole(tx: Prisma.TransactionClient, roleId: string): Promise<LoadedRole> {
  const role = await tx.role.findUnique({
    where: { id: roleId },
    select: { id: true, name: true, type: true },
  });
  if (!role) throw roleNotFound(roleId);
  return role;
}

/**
 * Loads the role for a change of itself or its permissions and refuses the Management API
 * role: the Management API resource is recognised by this role holding its `all` scope.
 * @throws role.not_found, role.management_api_protected
 */
export async function loadChangeableRole(
  tx: Prisma.TransactionClient,
  roleId: string,
): Promise<LoadedRole> {
  const role = await loadRole(tx, roleId);
  if (isManagementApiRole(role)) throw managementApiRoleProtected(roleId);
  return role;
}
