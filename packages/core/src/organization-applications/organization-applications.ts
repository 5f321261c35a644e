import type { Prisma } from "@guildhall/db";
import {
  listOrganizationApplicationsInput,
  organizationApplicationRef,
  organizationApplicationsInput,
  type ListOrganizationApplicationsInput,
  type OrganizationApplication,
  type OrganizationApplicationRef,
  type OrganizationApplicationsInput,
  type Paginated,
} from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { assertOrganizationExists } from "../members/lookups.ts";
import { parseInput } from "../parse.ts";
import { isForeignKeyViolation } from "../prisma-errors.ts";
import { pageArgs } from "../shared/paginate.ts";
import { applicationMemberNotFound, assertMachineApplications } from "./lookups.ts";
import { organizationApplicationSelect, toOrganizationApplication } from "./select.ts";

/** After a foreign-key violation (a row deleted mid-write), says what is missing now. */
async function explainMissing(ctx: ServiceContext, organizationId: string, applicationIds: string[]) {
  try {
    await assertOrganizationExists(ctx.db, organizationId);
    await assertMachineApplications(ctx.db, applicationIds);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  return new DomainError("guard.invalid_input", "The organization changed while it was being updated. Try again.");
}

/**
 * Makes machine-to-machine applications members of an organization, with no roles.
 * Applications that are already members keep their roles, so calling this twice is harmless.
 * @throws organization.not_found, application.not_found, application.not_machine_to_machine
 */
export async function addOrganizationApplications(
  ctx: ServiceContext,
  input: OrganizationApplicationsInput,
): Promise<void> {
  assertCanManageTenant(ctx);
  const { organizationId, applicationIds } = parseInput(organizationApplicationsInput, input);
  const ids = [...new Set(applicationIds)];
  try {
    await ctx.db.$transaction(async (tx) => {
      await assertOrganizationExists(tx, organizationId);
      await assertMachineApplications(tx, ids);
      if (ids.length === 0) return;
      const added = await tx.organizationApplication.createManyAndReturn({
        data: ids.map((applicationId) => ({ organizationId, applicationId })),
        skipDuplicates: true,
        select: { applicationId: true },
      });
      if (added.length === 0) return;
      await recordAudit(tx, ctx, {
        action: "organization_application.added",
        targetType: "organization",
        targetId: organizationId,
        organizationId,
        data: { applicationIds: added.map((a) => a.applicationId) },
      });
    });
  } catch (error) {
    if (isForeignKeyViolation(error)) throw await explainMissing(ctx, organizationId, ids);
    throw error;
  }
}

/**
 * Makes the organization's application members exactly `applicationIds`. Those who stay
 * keep their roles; those who leave lose theirs.
 * @throws organization.not_found, application.not_found, application.not_machine_to_machine
 */
export async function replaceOrganizationApplications(
  ctx: ServiceContext,
  input: OrganizationApplicationsInput,
): Promise<void> {
  assertCanManageTenant(ctx);
  const { organizationId, applicationIds } = parseInput(organizationApplicationsInput, input);
  const ids = [...new Set(applicationIds)];
  try {
    await ctx.db.$transaction(async (tx) => {
      await assertOrganizationExists(tx, organizationId);
      await assertMachineApplications(tx, ids);
      const leaving = { organizationId, applicationId: { notIn: ids } };
      const removed = await tx.organizationApplication.findMany({ where: leaving, select: { applicationId: true } });
      if (removed.length) await tx.organizationApplication.deleteMany({ where: leaving });
      const added = ids.length
        ? await tx.organizationApplication.createManyAndReturn({
            data: ids.map((applicationId) => ({ organizationId, applicationId })),
            skipDuplicates: true,
            select: { applicationId: true },
          })
        : [];
      if (removed.length === 0 && added.length === 0) return;
      await recordAudit(tx, ctx, {
        action: "organization_application.replaced",
        targetType: "organization",
        targetId: organizationId,
        organizationId,
        data: { added: added.map((a) => a.applicationId), removed: removed.map((a) => a.applicationId) },
      });
    });
  } catch (error) {
    if (isForeignKeyViolation(error)) throw await explainMissing(ctx, organizationId, ids);
    throw error;
  }
}

/**
 * Takes an application out of an organization, with its roles there. The application
 * itself stays; its next organization token for this organization is refused.
 * @throws organization_application.not_found, organization.not_found
 */
export async function removeOrganizationApplication(
  ctx: ServiceContext,
  input: OrganizationApplicationRef,
): Promise<void> {
  assertCanManageTenant(ctx);
  const { organizationId, applicationId } = parseInput(organizationApplicationRef, input);
  await ctx.db.$transaction(async (tx) => {
    const { count } = await tx.organizationApplication.deleteMany({ where: { organizationId, applicationId } });
    if (count === 0) throw await applicationMemberNotFound(tx, organizationId, applicationId);
    await recordAudit(tx, ctx, {
      action: "organization_application.removed",
      targetType: "organization",
      targetId: organizationId,
      organizationId,
      data: { applicationId },
    });
  });
}

/**
 * An organization's application members with their roles there, in the order they were
 * added. `q` matches part of the name or the exact id.
 * @throws organization.not_found
 */
export async function listOrganizationApplications(
  ctx: ServiceContext,
  input: ListOrganizationApplicationsInput,
): Promise<Paginated<OrganizationApplication>> {
  assertCanManageTenant(ctx);
  const { organizationId, q, page, pageSize } = parseInput(listOrganizationApplicationsInput, input);
  const where: Prisma.OrganizationApplicationWhereInput = {
    organizationId,
    ...(q ? { application: { OR: [{ name: { contains: q, mode: "insensitive" } }, { id: q }] } } : {}),
  };
  const [rows, total] = await Promise.all([
    ctx.db.organizationApplication.findMany({
      where,
      select: organizationApplicationSelect,
      orderBy: [{ createdAt: "asc" }, { applicationId: "asc" }],
      ...pageArgs({ page, pageSize }),
    }),
    ctx.db.organizationApplication.count({ where }),
  ]);
  if (total === 0) await assertOrganizationExists(ctx.db, organizationId);
  return { items: rows.map(toOrganizationApplication), total, page, pageSize };
}
