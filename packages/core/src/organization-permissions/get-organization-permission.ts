import type { OrganizationPermission } from "@guildhall/validators";
import { id as idSchema } from "@guildhall/validators";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { parseInput } from "../parse.ts";
import { organizationPermissionSelect } from "./select.ts";

/** @throws organization_permission.not_found */
export async function getOrganizationPermission(
  ctx: ServiceContext,
  { id }: { id: string },
): Promise<OrganizationPermission> {
  assertCanManageTenant(ctx);
  const permissionId = parseInput(idSchema, id);
  const permission = await ctx.db.organizationPermission.findUnique({
    where: { id: permissionId },
    select: organizationPermissionSelect,
  });
  if (!permission) throw permissionNotFound(permissionId);
  return permission;
}

export function permissionNotFound(id: string) {
  return new DomainError(
    "organization_permission.not_found",
    `No organization permission has id "${id}".`,
    { id },
  );
}
