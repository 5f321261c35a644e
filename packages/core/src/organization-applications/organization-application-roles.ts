import {
  organizationApplicationRef,
  organizationApplicationRoleRef,
  organizationApplicationRolesInput,
  organizationApplicationsRolesInput,
  type OrganizationApplicationRef,
  type OrganizationApplicationRoleRef,
  type OrganizationApplicationRolesInput,
  type OrganizationApplicationsRolesInput,
  type OrganizationRole,
} from "@guildhall/validators";
import { recordAudit, type AuditEntry } from "../audit/record-audit.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { assertOrganizationExists, roleNotHeld } from "../members/lookups.ts";
import { heldRolesSelect } from "../members/select.ts";
import { parseInput } from "../parse.ts";
import { isForeignKeyViolation } from "../prisma-errors.ts";
import type { RelationDiff } from "../shared/relation-set.ts";
import {
  applicationMemberNotFound,
  assertApplicationMember,
  assertMachineRoles,
} from "./lookups.ts";
import { applicationRoles } from "./relations.ts";

async function explainMissing(
  ctx: ServiceContext,
  organizationId: string,
  applicationId: string,
  roleIds: string[],
) {
  try {
    await assertApplicationMember(ctx.db, organizationId, applicationId);
    await assertMachineRoles(ctx.db, roleIds);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  return new DomainError(
    "guard.invalid_input",
    "The membership changed while it was being updated. Try again.",
  );
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
    select: { roles: heldRolesSelect },
  });
  if (!member) throw await applicationMemberNotFound(ctx.db, organizationId, applicationId);
  return member.roles.map((r) => r.role);
}

/** What assigning and replacing share: checks, the set operation and the audit of its diff. */
async function changeApplicationRoles(
  ctx: ServiceContext,
  input: OrganizationApplicationRolesInput,
  op: "assign" | "replace",
  audit: (diff: RelationDiff) => Pick<AuditEntry, "action" | "data"> | null,
): Promise<void> {
  assertCanManageTenant(ctx);
  const { organizationId, applicationId, organizationRoleIds } = parseInput(
    organizationApplicationRolesInput,
    input,
  );
  const roleIds = [...new Set(organizationRoleIds)];
  try {
    await ctx.db.$transaction(async (tx) => {
      await assertApplicationMember(tx, organizationId, applicationId);
      await assertMachineRoles(tx, roleIds);
      const entry = audit(
        await applicationRoles[op](tx, { organizationId, applicationId }, roleIds),
      );
      if (!entry) return;
      await recordAudit(tx, ctx, {
        ...entry,
        targetType: "application",
        targetId: applicationId,
        organizationId,
      });
    });
  } catch (error) {
    if (isForeignKeyViolation(error))
      throw await explainMissing(ctx, organizationId, applicationId, roleIds);
    throw error;
  }
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
  await changeApplicationRoles(ctx, input, "assign", ({ added }) =>
    added.length
      ? { action: "organization_application.roles_assigned", data: { organizationRoleIds: added } }
      : null,
  );
}

/**
 * Gives the same machine-to-machine roles to several application members at once, all or
 * nothing (one transaction). Every application must already be a member; roles already
 * held stay, so calling this twice is harmless.
 * @throws organization.not_found, organization_application.not_found (naming the
 *   non-members), member.role_not_found, member.role_type_mismatch (a user role)
 */
export async function assignRolesToOrganizationApplications(
  ctx: ServiceContext,
  input: OrganizationApplicationsRolesInput,
): Promise<void> {
  assertCanManageTenant(ctx);
  const { organizationId, applicationIds, organizationRoleIds } = parseInput(
    organizationApplicationsRolesInput,
    input,
  );
  const ids = [...new Set(applicationIds)];
  const roleIds = [...new Set(organizationRoleIds)];
  const check = async (db: Parameters<typeof assertMachineRoles>[0]) => {
    await assertOrganizationExists(db, organizationId);
    const members = await db.organizationApplication.findMany({
      where: { organizationId, applicationId: { in: ids } },
      select: { applicationId: true },
    });
    const memberIds = new Set(members.map((m) => m.applicationId));
    const outsiders = ids.filter((id) => !memberIds.has(id));
    if (outsiders.length) {
      throw new DomainError(
        "organization_application.not_found",
        `${outsiders.map((id) => `"${id}"`).join(", ")} ${outsiders.length === 1 ? "is not a member" : "are not members"} of this organization: add ${outsiders.length === 1 ? "it" : "them"} first.`,
        { organizationId, applicationIds: outsiders },
      );
    }
    await assertMachineRoles(db, roleIds);
  };
  try {
    await ctx.db.$transaction(async (tx) => {
      await check(tx);
      const added = await applicationRoles.assignEach(
        tx,
        ids.map((applicationId) => ({ organizationId, applicationId })),
        roleIds,
      );
      if (added.length === 0) return;
      await recordAudit(tx, ctx, {
        action: "organization_application.roles_assigned",
        targetType: "organization",
        targetId: organizationId,
        organizationId,
        data: {
          applicationIds: [...new Set(added.map((a) => a.applicationId))],
          organizationRoleIds: roleIds,
          added: added.length,
        },
      });
    });
  } catch (error) {
    // A membership or role removed between the checks and the insert: say which.
    if (isForeignKeyViolation(error)) {
      await check(ctx.db);
      throw new DomainError(
        "guard.invalid_input",
        "The memberships changed while roles were being assigned. Try again.",
      );
    }
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
  await changeApplicationRoles(ctx, input, "replace", ({ added, removed }) =>
    added.length || removed.length
      ? { action: "organization_application.roles_replaced", data: { added, removed } }
      : null,
  );
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
  const { organizationId, applicationId, organizationRoleId } = parseInput(
    organizationApplicationRoleRef,
    input,
  );
  await ctx.db.$transaction(async (tx) => {
    await applicationRoles.remove(
      tx,
      { organizationId, applicationId },
      organizationRoleId,
      async () => {
        await assertApplicationMember(tx, organizationId, applicationId);
        return roleNotHeld(tx, {
          organizationRoleId,
          holder: "application",
          data: { organizationId, applicationId, organizationRoleId },
          roleNotFoundData: { roleIds: [organizationRoleId], roleNames: [] },
        });
      },
    );
    await recordAudit(tx, ctx, {
      action: "organization_application.role_removed",
      targetType: "application",
      targetId: applicationId,
      organizationId,
      data: { organizationRoleId },
    });
  });
}
