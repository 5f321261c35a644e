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
import { recordAudit, type AuditEntry } from "../audit/record-audit.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { assertOrganizationExists } from "../members/lookups.ts";
import { parseInput } from "../parse.ts";
import { isForeignKeyViolation } from "../prisma-errors.ts";
import type { RelationDiff } from "../shared/relation-set.ts";
import { pageArgs } from "../shared/paginate.ts";
import { applicationMemberNotFound, assertMachineApplications } from "./lookups.ts";
import { organizationApplications } from "./relations.ts";
import { organizationApplicationSelect, toOrganizationApplication } from "./select.ts";

/** After a foreign-key violation (a row deleted mid-write), says what is missing now. */
async function explainMissing(
  ctx: ServiceContext,
  organizationId: string,
  applicationIds: string[],
) {
  try {
    await assertOrganizationExists(ctx.db, organizationId);
    await assertMachineApplications(ctx.db, applicationIds);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  return new DomainError(
    "guard.invalid_input",
    "The organization changed while it was being updated. Try again.",
  );
}

/** What adding and replacing share: checks, the set operation and the audit of its diff. */
async function changeOrganizationApplications(
  ctx: ServiceContext,
  input: OrganizationApplicationsInput,
  op: "assign" | "replace",
  audit: (diff: RelationDiff) => Pick<AuditEntry, "action" | "data"> | null,
): Promise<void> {
  assertCanManageTenant(ctx);
  const { organizationId, applicationIds } = parseInput(organizationApplicationsInput, input);
  const ids = [...new Set(applicationIds)];
  try {
    await ctx.db.$transaction(async (tx) => {
      await assertOrganizationExists(tx, organizationId);
      await assertMachineApplications(tx, ids);
      const entry = audit(await organizationApplications[op](tx, { organizationId }, ids));
      if (!entry) return;
      await recordAudit(tx, ctx, {
        ...entry,
        targetType: "organization",
        targetId: organizationId,
        organizationId,
      });
    });
  } catch (error) {
    if (isForeignKeyViolation(error)) throw await explainMissing(ctx, organizationId, ids);
    throw error;
  }
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
  await changeOrganizationApplications(ctx, input, "assign", ({ added }) =>
    added.length
      ? { action: "organization_application.added", data: { applicationIds: added } }
      : null,
  );
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
  await changeOrganizationApplications(ctx, input, "replace", ({ added, removed }) =>
    added.length || removed.length
      ? { action: "organization_application.replaced", data: { added, removed } }
      : null,
  );
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
    await organizationApplications.remove(tx, { organizationId }, applicationId, () =>
      applicationMemberNotFound(tx, organizationId, applicationId),
    );
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
  const { organizationId, q, page, pageSize } = parseInput(
    listOrganizationApplicationsInput,
    input,
  );
  const where: Prisma.OrganizationApplicationWhereInput = {
    organizationId,
    ...(q
      ? { application: { OR: [{ name: { contains: q, mode: "insensitive" } }, { id: q }] } }
      : {}),
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
