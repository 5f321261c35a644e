import { applyBootstrap, isDomainError } from "@guildhall/core";
import { getDb } from "@guildhall/db/client";
import { bootstrapSettings, type Env } from "../env.ts";

/**
 * The unattended bootstrap (`GUILDHALL_BOOTSTRAP_*`): the first console admin and a
 * machine-to-machine application with Management API access, before the server listens, so
 * automation can ask for a Management API token as soon as the port answers. Logs what it
 * did, once; nothing when no bootstrap variable is set.
 */
export async function runBootstrap(opts: {
  env: Env;
  baseUrl: string;
  log: (message: string) => void;
}): Promise<void> {
  const settings = bootstrapSettings(opts.env);
  if (!settings.admin && !settings.machineToMachine) return;
  const { admin, machineToMachine } = await applyBootstrap(getDb(), {
    baseUrl: opts.baseUrl,
    ...settings,
  }).catch((error: unknown) => {
    // The values were validated in env.ts; this is the one conflict with the database.
    if (isDomainError(error) && error.code === "user.email_taken")
      throw new Error(
        `GUILDHALL_BOOTSTRAP_ADMIN_EMAIL: a user with this email exists but is not a console admin (${error.message})`,
      );
    throw error;
  });
  if (admin?.status === "created") opts.log(`Bootstrap: created console admin ${admin.email}`);
  if (admin?.status === "skipped")
    opts.log("Bootstrap: a console admin exists, GUILDHALL_BOOTSTRAP_ADMIN_* skipped");
  if (machineToMachine?.status === "created")
    opts.log(
      `Bootstrap: created machine-to-machine application ${machineToMachine.clientId} with Management API access`,
    );
  if (machineToMachine?.status === "skipped")
    opts.log(`Bootstrap: application ${machineToMachine.clientId} exists, left unchanged`);
}
