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
import { changeOrganizationMembers } from "../members/change-members.ts";
import { assertOrganizationExists } from "../members/lookups.ts";
import { parseInput } from "../parse.ts";
import type { RelationDiff } from "../shared/relation-set.ts";
import { paginate } from "../shared/paginate.ts";
import { textSearch } from "../shared/search.ts";
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
  await changeOrganizationMembers(
    ctx,
    {
      organizationId,
      ids,
      members: organizationApplications,
      assertMembers: assertMachineApplications,
      explainMissing: () => explainMissing(ctx, organizationId, ids),
    },
    op,
    audit,
  );
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
    ...(q ? { application: textSearch(q, ["name"]) } : {}),
  };
  const result = await paginate(
    { page, pageSize },
    {
      rows: (pageArgs) =>
        ctx.db.organizationApplication.findMany({
          where,
          select: organizationApplicationSelect,
          orderBy: [{ createdAt: "asc" }, { applicationId: "asc" }],
          ...pageArgs,
        }),
      count: () => ctx.db.organizationApplication.count({ where }),
      toItem: toOrganizationApplication,
    },
  );
  // Only an empty page needs to know whether the organization exists at all.
  if (result.total === 0) await assertOrganizationExists(ctx.db, organizationId);
  return result;
}
