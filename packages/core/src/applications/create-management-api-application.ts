import {
  createApplicationInput,
  type Application,
  type CreatedApplicationSecret,
} from "@guildhall/validators";
import type { ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import {
  assertCanChangeManagementApiHolders,
  linkApplications,
} from "../roles/role-applications.ts";
import { loadRole } from "../roles/load-role.ts";
import { insertApplication } from "./insert-application.ts";
import { ensureManagementApi, MANAGEMENT_API_ROLE } from "./management-api-access.ts";

/**
 * Creates a machine-to-machine application that holds the Management API role, in one
 * transaction: what creating the application and then granting it access in the console
 * does, with the same audit entries, but never leaving an application without its access.
 * Admin-only, like granting the role. `baseUrl` names the Management API resource if this
 * instance has not started yet (the server creates it at start from the same setting).
 * @throws auth.forbidden, guard.invalid_input
 * @example
 * const { application, secret } = await createManagementApiApplication(ctx, {
 *   name: "Terraform", baseUrl: "https://id.example.com",
 * });
 */
export async function createManagementApiApplication(
  ctx: ServiceContext,
  { name, description, baseUrl }: { name: string; description?: string | null; baseUrl: string },
): Promise<{ application: Application; secret: CreatedApplicationSecret }> {
  assertCanChangeManagementApiHolders(ctx);
  const data = parseInput(createApplicationInput, { name, description, type: "MachineToMachine" });
  const existing = await ctx.db.role.findUnique({
    where: { name: MANAGEMENT_API_ROLE },
    select: { id: true },
  });
  const roleId = existing?.id ?? (await ensureManagementApi(ctx.db, { baseUrl })).roleId;
  return ctx.db.$transaction(async (tx) => {
    const { application, secret } = await insertApplication(tx, ctx, data);
    await linkApplications(tx, ctx, await loadRole(tx, roleId), [application.id]);
    // A machine-to-machine application is confidential: it always gets a first secret.
    if (!secret) throw new Error("A machine-to-machine application was created without a secret.");
    return { application, secret };
  });
}
