import { id as idSchema, type OrganizationRoleWithPermissions } from "@guildhall/validators";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { organizationRoleSelect, roleNotFound, toOrganizationRole } from "./select.ts";

/** @throws organization_role.not_found */
export async function getOrganizationRole(
  ctx: ServiceContext,
  { id }: { id: string },
): Promise<OrganizationRoleWithPermissions> {
  assertCanManageTenant(ctx);
  const roleId = parseInput(idSchema, id);
  const row = await ctx.db.organizationRole.findUnique({
    where: { id: roleId },
    select: organizationRoleSelect,
  });
  if (!row) throw roleNotFound(roleId);
  return toOrganizationRole(row);
}
