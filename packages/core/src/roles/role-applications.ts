import type { Prisma } from "@guildhall/db";
import { recordAudit } from "../audit/record-audit.ts";
import { grantsManagementApiWhere } from "../applications/assert-may-change-credentials.ts";
import {
  assertAdminOrManagementApi,
  assertCanManageTenant,
  isAdminOrManagementApi,
  type ServiceContext,
} from "../context.ts";
import { DomainError } from "../errors.ts";
import type { LoadedRole } from "./load-role.ts";
import { roleApplications } from "./relations.ts";
import { isManagementApiRole, missingIds, notAssigned, typeMismatch } from "./select.ts";

// Both ways of changing who holds a role — the role's Applications tab and the Management
// API switch of an application — go through these, so they check and audit the same.

/** An application holding the Management API role can do anything: only console admins change who does. */
export function assertCanChangeManagementApiHolders(ctx: ServiceContext): void {
  assertAdminOrManagementApi(
    ctx,
    "Only console admins can change which applications hold the Management API access role.",
  );
}

/** Who holds a role that grants the Management API (by name or by what it grants) is admin-only. */
export async function assertCanChangeApplications(
  tx: Prisma.TransactionClient,
  ctx: ServiceContext,
  role: LoadedRole,
): Promise<void> {
  assertCanManageTenant(ctx);
  if (isAdminOrManagementApi(ctx.actor)) return;
  const grantsManagementApi =
    isManagementApiRole(role) ||
    (await tx.role.count({ where: { id: role.id, ...grantsManagementApiWhere } })) > 0;
  if (grantsManagementApi) assertCanChangeManagementApiHolders(ctx);
}

/**
 * Gives machine-to-machine applications a machine-to-machine role (all or nothing);
 * applications already holding it keep it.
 * @throws role.type_mismatch, application.not_found, application.not_machine_to_machine
 */
export async function linkApplications(
  tx: Prisma.TransactionClient,
  ctx: ServiceContext,
  role: LoadedRole,
  applicationIds: string[],
) {
  await assertCanChangeApplications(tx, ctx, role);
  if (role.type !== "MachineToMachine") {
    throw typeMismatch(`"${role.name}" is a user role: assign it to users, not applications.`, {
      roleId: role.id,
    });
  }
  const apps = await tx.application.findMany({
    where: { id: { in: applicationIds } },
    select: { id: true, type: true },
  });
  const missing = missingIds(applicationIds, apps);
  if (missing.length)
    throw new DomainError(
      "application.not_found",
      `Unknown application id(s): ${missing.join(", ")}.`,
      { missing },
    );
  const notM2m = apps.filter((a) => a.type !== "MachineToMachine").map((a) => a.id);
  if (notM2m.length) {
    throw new DomainError(
      "application.not_machine_to_machine",
      `Only machine-to-machine applications hold global roles; these are not: ${notM2m.join(", ")}.`,
      { applicationIds: notM2m },
    );
  }
  await roleApplications.assign(tx, { roleId: role.id }, applicationIds);
  await recordAudit(tx, ctx, {
    action: "role.applications_assigned",
    targetType: "role",
    targetId: role.id,
    data: { applicationIds },
  });
  if (isManagementApiRole(role)) {
    for (const applicationId of applicationIds) {
      await recordAudit(tx, ctx, {
        action: "application.management_api_granted",
        targetType: "application",
        targetId: applicationId,
      });
    }
  }
}

/**
 * Takes a role from an application. `ifAssigned`: succeed quietly when it does not hold it.
 * @throws role.not_assigned
 */
export async function unlinkApplication(
  tx: Prisma.TransactionClient,
  ctx: ServiceContext,
  role: LoadedRole,
  { applicationId, ifAssigned = false }: { applicationId: string; ifAssigned?: boolean },
) {
  await assertCanChangeApplications(tx, ctx, role);
  const notHeld = () =>
    notAssigned(`Application "${applicationId}" does not hold this role.`, {
      roleId: role.id,
      applicationId,
    });
  const { removed } = await roleApplications.remove(
    tx,
    { roleId: role.id },
    applicationId,
    ifAssigned ? undefined : notHeld,
  );
  if (removed.length === 0) return;
  await recordAudit(tx, ctx, {
    action: "role.application_removed",
    targetType: "role",
    targetId: role.id,
    data: { applicationId },
  });
  if (isManagementApiRole(role)) {
    await recordAudit(tx, ctx, {
      action: "application.management_api_revoked",
      targetType: "application",
      targetId: applicationId,
    });
  }
}
