import type { Db } from "@guildhall/db";
import {
  BUILT_IN_PERMISSION_DESCRIPTIONS,
  BUILT_IN_PERMISSION_NAMES,
  isReservedPermissionName,
} from "@guildhall/validators";
import { DomainError } from "../errors.ts";

/**
 * Puts the built-in permissions in the template (at boot, and by the demo seed). Idempotent;
 * a description an admin changed is kept. They hold nothing until the template gives them
 * to a role.
 */
export async function ensureBuiltInPermissions(db: Db): Promise<void> {
  await db.organizationPermission.createMany({
    data: BUILT_IN_PERMISSION_NAMES.map((name) => ({
      name,
      description: BUILT_IN_PERMISSION_DESCRIPTIONS[name],
    })),
    skipDuplicates: true,
  });
}

/**
 * The `guildhall:` prefix belongs to Guildhall: no permission may be created with it or
 * renamed into or out of it, and a built-in one may not be deleted, or the organization API
 * would change meaning under the members who rely on it.
 * @throws organization_permission.reserved
 */
export function assertNotReservedPermission(name: string, action: string): void {
  if (!isReservedPermissionName(name)) return;
  throw new DomainError(
    "organization_permission.reserved",
    `"${name}" is reserved: permissions named guildhall:… are Guildhall's built-in organization permissions and cannot be ${action}. Give them to roles instead.`,
    { name },
  );
}
