import {
  assignRoleApplicationsInput,
  type AssignRoleApplicationsInput,
} from "@guildhall/validators";
import { notifyApplicationChanged } from "../applications/application-changes.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { loadRole } from "./load-role.ts";
import { linkApplications } from "./role-applications.ts";

/**
 * Gives machine-to-machine applications a machine-to-machine role (all or nothing); they
 * get its permissions in their next `client_credentials` token. For the Management API
 * role, console admins only.
 * @throws role.not_found, role.type_mismatch, application.not_found, application.not_machine_to_machine
 */
export async function assignRoleApplications(
  ctx: ServiceContext,
  input: AssignRoleApplicationsInput,
): Promise<void> {
  assertCanManageTenant(ctx);
  const { roleId, applicationIds } = parseInput(assignRoleApplicationsInput, input);
  const ids = [...new Set(applicationIds)];
  await ctx.db.$transaction(async (tx) => {
    const role = await loadRole(tx, roleId);
    await linkApplications(tx, ctx, role, ids);
  });
  // After the commit: a role may be the Management API's, whose holders are checked per request.
  for (const id of ids) notifyApplicationChanged(id);
}
