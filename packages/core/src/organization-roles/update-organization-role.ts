import {
  updateOrganizationRoleInput,
  type OrganizationRoleWithPermissions,
  type UpdateOrganizationRoleInput,
} from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { parseInput } from "../parse.ts";
import { translateWriteErrors } from "../prisma-errors.ts";
import {
  organizationRoleSelect,
  roleNameTaken,
  roleNotFound,
  toOrganizationRole,
} from "./select.ts";

/**
 * Renames, re-describes or re-types a role. Changing the type is refused while anyone of
 * the other kind holds it (a user cannot hold a machine-to-machine role, and vice versa).
 * @throws organization_role.not_found, organization_role.name_taken, organization_role.type_in_use
 */
export async function updateOrganizationRole(
  ctx: ServiceContext,
  input: UpdateOrganizationRoleInput,
): Promise<OrganizationRoleWithPermissions> {
  assertCanManageTenant(ctx);
  const { id, ...data } = parseInput(updateOrganizationRoleInput, input);
  return translateWriteErrors(
    () =>
      ctx.db.$transaction(async (tx) => {
        const current = await tx.organizationRole.findUnique({
          where: { id },
          select: { type: true },
        });
        if (!current) throw roleNotFound(id);
        if (data.type && data.type !== current.type) {
          const holders =
            current.type === "User"
              ? (await tx.organizationMemberRole.count({ where: { roleId: id } })) +
                (await tx.organizationInvitationRole.count({ where: { roleId: id } })) +
                (await tx.organizationJitRole.count({ where: { roleId: id } }))
              : await tx.organizationApplicationRole.count({ where: { roleId: id } });
          if (holders > 0) {
            throw new DomainError(
              "organization_role.type_in_use",
              `The role is assigned ${holders} time(s) as a ${current.type} role; unassign it before changing its type.`,
              { holders },
            );
          }
        }
        const role = await tx.organizationRole.update({
          where: { id },
          data: { name: data.name, description: data.description, type: data.type },
          select: organizationRoleSelect,
        });
        await recordAudit(tx, ctx, {
          action: "organization_role.updated",
          targetType: "organization_role",
          targetId: id,
          data,
        });
        return toOrganizationRole(role);
      }),
    { unique: () => roleNameTaken(data.name), notFound: () => roleNotFound(id) },
  );
}
