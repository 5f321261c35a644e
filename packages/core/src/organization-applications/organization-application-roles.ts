import {
  organizationApplicationRef,
  organizationApplicationRoleRef,
  organizationApplicationRolesInput,
  type OrganizationApplicationRef,
  type OrganizationApplicationRoleRef,
  type OrganizationApplicationRolesInput,
  type OrganizationRole,
} from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { organizationRoleSelect } from "../members/select.ts";
import { parseInput } from "../parse.ts";
import { isForeignKeyViolation } from "../prisma-errors.ts";
import { applicationMemberNotFound, assertApplicationMember, assertMachineRoles } from "./lookups.ts";

async function explainMissing(ctx: ServiceContext, organizationId: string, applicationId: string, roleIds: string[]) {
  try {
    await assertApplicationMember(ctx.db, organizationId, applicationId);
    await assertMachineRoles(ctx.db, roleIds);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  return new DomainError("guard.invalid_input", "The membership changed while it was being updated. Try again.");
}

/**
 * The organization roles an application holds in this organization, by name.
 * @throws organization_application.not_found, organization.not_found
 */
export async function getOrganizationApplicationRoles(
  ctx: ServiceContext,
  input: OrganizationApplicationRef,
): Promise<OrganizationRole[]> {
  assertCanManageTenant(ctx);
  const { organizationId, applicationId } = parseInput(organizationApplicationRef, input);
  const member = await ctx.db.organizationApplication.findUnique({
    where: { organizationId_applicationId: { organizationId, applicationId } },
    select: { roles: { select: { role: { select: organizationRoleSelect } }, orderBy: { role: { name: "asc" } } } },
  });
  if (!member) throw await applicationMemberNotFound(ctx.db, organizationId, applicationId);
  return member.roles.map((r) => r.role);
}

/**
 * Gives an application member machine-to-machine roles. Roles it already holds stay, so
 * calling this twice is harmless.
 * @throws organization_application.not_found, organization.not_found, member.role_not_found,
 *   member.role_type_mismatch (a user role)
 */
export async function assignOrganizationApplicationRoles(
  ctx: ServiceContext,
  input: OrganizationApplicationRolesInput,
): Promise<void> {
  assertCanManageTenant(ctx);
  const { organizationId, applicationId, organizationRoleIds } = parseInput(organizationApplicationRolesInput, input);
  const roleIds = [...new Set(organizationRoleIds)];
  try {
    await ctx.db.$transaction(async (tx) => {
      await assertApplicationMember(tx, organizationId, applicationId);
      await assertMachineRoles(tx, roleIds);
      if (roleIds.length === 0) return;
      const added = await tx.organizationApplicationRole.createManyAndReturn({
        data: roleIds.map((roleId) => ({ organizationId, applicationId, roleId })),
        skipDuplicates: true,
        select: { roleId: true },
      });
      if (added.length === 0) return;
      await recordAudit(tx, ctx, {
        action: "organization_application.roles_assigned",
        targetType: "application",
        targetId: applicationId,
        organizationId,
        data: { organizationRoleIds: added.map((r) => r.roleId) },
      });
    });
  } catch (error) {
    if (isForeignKeyViolation(error)) throw await explainMissing(ctx, organizationId, applicationId, roleIds);
    throw error;
  }
}

/**
 * Makes an application member's roles exactly the given ones; an empty list removes them all.
 * @throws organization_application.not_found, organization.not_found, member.role_not_found,
 *   member.role_type_mismatch
 */
export async function replaceOrganizationApplicationRoles(
  ctx: ServiceContext,
  input: OrganizationApplicationRolesInput,
): Promise<void> {
  assertCanManageTenant(ctx);
  const { organizationId, applicationId, organizationRoleIds } = parseInput(organizationApplicationRolesInput, input);
  const roleIds = [...new Set(organizationRoleIds)];
  try {
    await ctx.db.$transaction(async (tx) => {
      await assertApplicationMember(tx, organizationId, applicationId);
      await assertMachineRoles(tx, roleIds);
      const dropped = { organizationId, applicationId, roleId: { notIn: roleIds } };
      const removed = await tx.organizationApplicationRole.findMany({ where: dropped, select: { roleId: true } });
      if (removed.length) await tx.organizationApplicationRole.deleteMany({ where: dropped });
      const added = roleIds.length
        ? await tx.organizationApplicationRole.createManyAndReturn({
            data: roleIds.map((roleId) => ({ organizationId, applicationId, roleId })),
            skipDuplicates: true,
            select: { roleId: true },
          })
        : [];
      if (removed.length === 0 && added.length === 0) return;
      await recordAudit(tx, ctx, {
        action: "organization_application.roles_replaced",
        targetType: "application",
        targetId: applicationId,
        organizationId,
        data: { added: added.map((r) => r.roleId), removed: removed.map((r) => r.roleId) },
      });
    });
  } catch (error) {
    if (isForeignKeyViolation(error)) throw await explainMissing(ctx, organizationId, applicationId, roleIds);
    throw error;
  }
}

/**
 * Takes one role away from an application member.
 * @throws organization_application.not_found, organization.not_found, member.role_not_found
 *   (no such role), member.role_not_assigned (the application does not hold it)
 */
export async function removeOrganizationApplicationRole(
  ctx: ServiceContext,
  input: OrganizationApplicationRoleRef,
): Promise<void> {
  assertCanManageTenant(ctx);
  const { organizationId, applicationId, organizationRoleId } = parseInput(organizationApplicationRoleRef, input);
  await ctx.db.$transaction(async (tx) => {
    const { count } = await tx.organizationApplicationRole.deleteMany({
      where: { organizationId, applicationId, roleId: organizationRoleId },
    });
    if (count === 0) {
      await assertApplicationMember(tx, organizationId, applicationId);
      const role = await tx.organizationRole.findUnique({ where: { id: organizationRoleId }, select: { name: true } });
      if (!role) {
        throw new DomainError("member.role_not_found", `No organization role has id "${organizationRoleId}".`, {
          roleIds: [organizationRoleId],
          roleNames: [],
        });
      }
      throw new DomainError("member.role_not_assigned", `This application does not hold the role "${role.name}".`, {
        organizationId,
        applicationId,
        organizationRoleId,
      });
    }
    await recordAudit(tx, ctx, {
      action: "organization_application.role_removed",
      targetType: "application",
      targetId: applicationId,
      organizationId,
      data: { organizationRoleId },
    });
  });
}
