import {
  updateOrganizationPermissionInput,
  type OrganizationPermission,
  type UpdateOrganizationPermissionInput,
} from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { parseInput } from "../parse.ts";
import { isRecordNotFound, isUniqueViolation } from "../prisma-errors.ts";
import { permissionNotFound } from "./get-organization-permission.ts";
import { organizationPermissionSelect } from "./select.ts";

/**
 * Renames or re-describes a permission. Every role holding it keeps it: the change is
 * effective in every organization at once.
 * @throws organization_permission.not_found, organization_permission.name_taken
 */
export async function updateOrganizationPermission(
  ctx: ServiceContext,
  input: UpdateOrganizationPermissionInput,
): Promise<OrganizationPermission> {
  assertCanManageTenant(ctx);
  const { id, ...data } = parseInput(updateOrganizationPermissionInput, input);
  try {
    return await ctx.db.$transaction(async (tx) => {
      const permission = await tx.organizationPermission.update({
        where: { id },
        data: { name: data.name, description: data.description },
        select: organizationPermissionSelect,
      });
      await recordAudit(tx, ctx, {
        action: "organization_permission.updated",
        targetType: "organization_permission",
        targetId: id,
        data,
      });
      return permission;
    });
  } catch (error) {
    if (isRecordNotFound(error)) throw permissionNotFound(id);
    if (isUniqueViolation(error)) {
      throw new DomainError(
        "organization_permission.name_taken",
        `A permission named "${data.name ?? ""}" already exists. Choose another name.`,
        { name: data.name },
      );
    }
    throw error;
  }
}
