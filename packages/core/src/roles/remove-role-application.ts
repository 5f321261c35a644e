import { removeRoleApplicationInput, type RemoveRoleApplicationInput } from "@guildhall/validators";
import { notifyApplicationChanged } from "../applications/application-changes.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { loadRole } from "./load-role.ts";
import { unlinkApplication } from "./role-applications.ts";

/**
 * Takes a role from an application; it loses the role's permissions from its next token on.
 * For the Management API role, console admins only.
 * @throws role.not_found, role.not_assigned
 */
export async function removeRoleApplication(
  ctx: ServiceContext,
  input: RemoveRoleApplicationInput,
): Promise<void> {
  assertCanManageTenant(ctx);
  const { roleId, applicationId } = parseInput(removeRoleApplicationInput, input);
  await ctx.db.$transaction(async (tx) => {
    const role = await loadRole(tx, roleId);
    await unlinkApplication(tx, ctx, role, { applicationId });
  });
  // After the commit: Management API tokens of this application stop working at once.
  notifyApplicationChanged(applicationId);
}
