import type { Db, Prisma } from "@guildhall/db";
import { DomainError } from "../errors.ts";
import { notAMember } from "../members/lookups.ts";

type Client = Db | Prisma.TransactionClient;

const quoteList = (values: string[]) => values.map((v) => `"${v}"`).join(", ");

/**
 * Checks every id is a machine-to-machine application: only those can be organization
 * members (they act as themselves, with no user behind them).
 * @throws application.not_found (naming the unknown ids), application.not_machine_to_machine
 */
export async function assertMachineApplications(
  db: Client,
  applicationIds: string[],
): Promise<void> {
  if (applicationIds.length === 0) return;
  const found = await db.application.findMany({
    where: { id: { in: applicationIds } },
    select: { id: true, name: true, type: true },
  });
  const missing = applicationIds.filter((id) => !found.some((a) => a.id === id));
  if (missing.length) {
    throw new DomainError("application.not_found", `No application has id ${quoteList(missing)}.`, {
      applicationIds: missing,
    });
  }
  const others = found.filter((a) => a.type !== "MachineToMachine");
  if (others.length) {
    throw new DomainError(
      "application.not_machine_to_machine",
      `${quoteList(others.map((a) => a.name))} ${others.length === 1 ? "is not a machine-to-machine application" : "are not machine-to-machine applications"}: only those can be organization members.`,
      { applicationIds: others.map((a) => a.id) },
    );
  }
}

/**
 * The error for "this application is not a member here": organization.not_found when the
 * organization is missing, organization_application.not_found otherwise.
 */
export async function applicationMemberNotFound(
  db: Client,
  organizationId: string,
  applicationId: string,
): Promise<DomainError> {
  return notAMember(
    db,
    organizationId,
    () =>
      new DomainError(
        "organization_application.not_found",
        `Application "${applicationId}" is not a member of this organization.`,
        { organizationId, applicationId },
      ),
  );
}

/** @throws organization_application.not_found (or organization.not_found) */
export async function assertApplicationMember(
  db: Client,
  organizationId: string,
  applicationId: string,
): Promise<void> {
  const found = await db.organizationApplication.findUnique({
    where: { organizationId_applicationId: { organizationId, applicationId } },
    select: { applicationId: true },
  });
  if (!found) throw await applicationMemberNotFound(db, organizationId, applicationId);
}

/**
 * Checks the roles exist and are machine-to-machine roles (user roles are for people).
 * @throws member.role_not_found, member.role_type_mismatch
 */
export async function assertMachineRoles(db: Client, roleIds: string[]): Promise<void> {
  if (roleIds.length === 0) return;
  const roles = await db.organizationRole.findMany({
    where: { id: { in: roleIds } },
    select: { id: true, name: true, type: true },
  });
  const missing = roleIds.filter((id) => !roles.some((r) => r.id === id));
  if (missing.length) {
    throw new DomainError(
      "member.role_not_found",
      `No organization role has id ${quoteList(missing)}.`,
      {
        roleIds: missing,
        roleNames: [],
      },
    );
  }
  const userRoles = roles.filter((r) => r.type !== "MachineToMachine");
  if (userRoles.length) {
    throw new DomainError(
      "member.role_type_mismatch",
      `${quoteList(userRoles.map((r) => r.name))} ${userRoles.length === 1 ? "is a user role" : "are user roles"}: applications can only hold machine-to-machine roles.`,
      { roleIds: userRoles.map((r) => r.id) },
    );
  }
}
