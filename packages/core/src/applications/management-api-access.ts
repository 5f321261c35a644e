import { ADVISORY_LOCKS, type Db } from "@guildhall/db";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import {
  assertCanChangeManagementApiHolders,
  linkApplications,
  unlinkApplication,
} from "../roles/role-applications.ts";
import { notifyApplicationChanged } from "./application-changes.ts";
import { MANAGEMENT_API_ROLE, MANAGEMENT_API_SCOPE } from "./management-api-names.ts";
import { applicationNotFound } from "./select.ts";

export { MANAGEMENT_API_ROLE, MANAGEMENT_API_SCOPE } from "./management-api-names.ts";

/** Resource indicator of the Management API: `${BASE_URL}/api`. */
export function managementApiIndicator(baseUrl: string) {
  return `${baseUrl.replace(/\/$/, "")}/api`;
}

/**
 * Lifetime of a Management API access token (seconds). Short, because such a token can do
 * everything an admin can: a revocation is also checked on every request
 * (`createManagementApiAccessCheck`), and this bounds what a leaked token is worth. Logto
 * leaves its Management API at the resource default of 3600 s.
 */
export const MANAGEMENT_API_TOKEN_TTL_SECONDS = 600;

/**
 * Makes sure the Management API exists as an API resource with scope `all` and a token
 * lifetime of `MANAGEMENT_API_TOKEN_TTL_SECONDS` (also on instances created with the old
 * 1 h: nobody can change the resource), and a machine-to-machine global role that holds
 * it. Idempotent; run at startup.
 */
export async function ensureManagementApi(db: Db, { baseUrl }: { baseUrl: string }) {
  const indicator = managementApiIndicator(baseUrl);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADVISORY_LOCKS.managementApi})`;
    const resource = await tx.apiResource.upsert({
      where: { indicator },
      create: {
        name: "Guildhall Management API",
        indicator,
        accessTokenTtl: MANAGEMENT_API_TOKEN_TTL_SECONDS,
      },
      update: { accessTokenTtl: MANAGEMENT_API_TOKEN_TTL_SECONDS },
    });
    const scope = await tx.apiScope.upsert({
      where: { resourceId_name: { resourceId: resource.id, name: MANAGEMENT_API_SCOPE } },
      create: {
        resourceId: resource.id,
        name: MANAGEMENT_API_SCOPE,
        description: "Full access to the Management API",
      },
      update: {},
    });
    const role = await tx.role.upsert({
      where: { name: MANAGEMENT_API_ROLE },
      create: {
        name: MANAGEMENT_API_ROLE,
        type: "MachineToMachine",
        description: "Lets a machine-to-machine app call the Management API",
      },
      update: {},
    });
    await tx.roleScope.createMany({
      data: [{ roleId: role.id, scopeId: scope.id }],
      skipDuplicates: true,
    });
    return { resourceId: resource.id, roleId: role.id, indicator };
  });
}

/**
 * Gives (or takes away) a machine-to-machine application the Management API role.
 * Console admins only, as on the role's Applications tab.
 */
export async function setManagementApiAccess(
  ctx: ServiceContext,
  { applicationId, enabled }: { applicationId: string; enabled: boolean },
): Promise<void> {
  assertCanChangeManagementApiHolders(ctx);
  await ctx.db.$transaction(async (tx) => {
    const app = await tx.application.findUnique({
      where: { id: applicationId },
      select: { type: true },
    });
    if (!app) throw applicationNotFound(applicationId);
    if (app.type !== "MachineToMachine") {
      throw new DomainError(
        "application.not_machine_to_machine",
        "Only machine-to-machine applications can call the Management API.",
      );
    }
    const role = await tx.role.findUnique({
      where: { name: MANAGEMENT_API_ROLE },
      select: { id: true, name: true, type: true },
    });
    if (!role)
      throw new DomainError(
        "guard.invalid_input",
        "The Management API is not initialised yet; restart Guildhall.",
      );
    // The same path as the role's Applications tab: admins only, the same audit entries.
    if (enabled) await linkApplications(tx, ctx, role, [applicationId]);
    else await unlinkApplication(tx, ctx, role, { applicationId, ifAssigned: true });
  });
  // After the commit: a revoked application's Management API tokens stop working at once.
  notifyApplicationChanged(applicationId);
}

/** Whether a machine-to-machine application holds the Management API role. */
export async function getManagementApiAccess(
  ctx: ServiceContext,
  { applicationId }: { applicationId: string },
): Promise<boolean> {
  assertCanManageTenant(ctx);
  const row = await ctx.db.applicationRole.findFirst({
    where: { applicationId, role: { name: MANAGEMENT_API_ROLE } },
    select: { roleId: true },
  });
  return row !== null;
}
