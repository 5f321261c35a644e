import { ADVISORY_LOCKS, type Db } from "@guildhall/db";
import { chosenClientId, chosenClientSecret, email, password } from "@guildhall/validators";
import { z } from "zod";
import { notifyApplicationChanged } from "../applications/application-changes.ts";
import { ensureManagementApi } from "../applications/management-api-access.ts";
import { insertChosenApplicationSecret } from "../applications/secrets.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { completeSetup, getSetupStatus } from "../auth/setup.ts";
import { systemContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { parseInput } from "../parse.ts";
import { linkApplications } from "../roles/role-applications.ts";
import { loadRole } from "../roles/load-role.ts";

const bootstrapOptions = z.object({
  /** The public base URL: the Management API's resource indicator derives from it. */
  baseUrl: z.string().min(1),
  /** The first console admin, created only while the instance has none. */
  admin: z.object({ email, password }).optional(),
  /** A machine-to-machine application with Management API access, created only if its id is free. */
  machineToMachine: z
    .object({ clientId: chosenClientId, clientSecret: chosenClientSecret })
    .optional(),
});
export type BootstrapOptions = z.input<typeof bootstrapOptions>;

export interface BootstrapResult {
  /** `null`: no admin was asked for. `skipped`: the instance already has a console admin. */
  admin: { status: "created"; email: string } | { status: "skipped" } | null;
  /** `null`: no application was asked for. `skipped`: an application with that id exists. */
  machineToMachine: { status: "created" | "skipped"; clientId: string } | null;
}

/** Name and description of the bootstrap application, as the console shows them. */
const BOOTSTRAP_APPLICATION = {
  name: "Bootstrap machine-to-machine",
  description:
    "Created at start from the bootstrap settings. Restarts leave it alone: rotate its secret or revoke its access here.",
};

/**
 * Unattended first start (what Keycloak's KC_BOOTSTRAP_ADMIN_* give): creates the first
 * console admin through the setup page's own path, and a machine-to-machine application
 * with exactly the given client id and secret and the Management API role, so automation can
 * call the Management API right after start. Idempotent and safe when several processes
 * start together: an instance that has an admin keeps it, and an existing application with
 * that id is never touched (a rotated secret or a revoked role stays as the operator left it).
 * Everything is validated before anything is written.
 * @throws guard.invalid_input, user.email_taken (the admin's email belongs to a non-admin user)
 * @example
 * const result = await applyBootstrap(db, {
 *   baseUrl: "https://id.example.com",
 *   machineToMachine: { clientId: "ci", clientSecret: "…32+ characters…" },
 * });
 */
export async function applyBootstrap(db: Db, options: BootstrapOptions): Promise<BootstrapResult> {
  const { baseUrl, admin, machineToMachine } = parseInput(bootstrapOptions, options);
  return {
    admin: admin ? await bootstrapAdmin(db, admin) : null,
    machineToMachine: machineToMachine
      ? await bootstrapMachineToMachine(db, { baseUrl, ...machineToMachine })
      : null,
  };
}

async function bootstrapAdmin(
  db: Db,
  admin: { email: string; password: string },
): Promise<NonNullable<BootstrapResult["admin"]>> {
  // The common case on every restart: no password hashing, no lock.
  if (!(await getSetupStatus(db)).needsSetup) return { status: "skipped" };
  try {
    await completeSetup(
      db,
      { ...admin, name: admin.email.split("@")[0] || "Admin" },
      { via: "bootstrap" },
    );
    return { status: "created", email: admin.email };
  } catch (error) {
    // Another process (or the setup page) created the first admin since the check above.
    if (error instanceof DomainError && error.code === "setup.already_completed")
      return { status: "skipped" };
    throw error;
  }
}

async function bootstrapMachineToMachine(
  db: Db,
  { baseUrl, clientId, clientSecret }: { baseUrl: string; clientId: string; clientSecret: string },
): Promise<NonNullable<BootstrapResult["machineToMachine"]>> {
  const { roleId } = await ensureManagementApi(db, { baseUrl });
  const ctx = systemContext(db);
  const created = await db.$transaction(async (tx) => {
    // Two processes starting together: the second waits here, then finds the application.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADVISORY_LOCKS.bootstrap}::bigint)`;
    const existing = await tx.application.findUnique({
      where: { id: clientId },
      select: { id: true },
    });
    if (existing) return false;
    await tx.application.create({
      data: { id: clientId, type: "MachineToMachine", ...BOOTSTRAP_APPLICATION },
    });
    await insertChosenApplicationSecret(tx, {
      applicationId: clientId,
      name: "Bootstrap",
      value: clientSecret,
    });
    await recordAudit(tx, ctx, {
      action: "application.created",
      targetType: "application",
      targetId: clientId,
      data: { name: BOOTSTRAP_APPLICATION.name, type: "MachineToMachine", via: "bootstrap" },
    });
    // The role's own path: it checks the type and audits the Management API grant.
    await linkApplications(tx, ctx, await loadRole(tx, roleId), [clientId]);
    return true;
  });
  // A provider that looked this client id up before (and found nothing) forgets it.
  if (created) notifyApplicationChanged(clientId);
  return { status: created ? "created" : "skipped", clientId };
}
