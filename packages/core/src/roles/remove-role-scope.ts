import { removeRoleScopeInput, type RemoveRoleScopeInput } from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { loadChangeableRole } from "./load-role.ts";
import { roleScopes } from "./relations.ts";
import { notAssigned } from "./select.ts";

/**
 * Takes one API permission from a role; its holders lose it from their next token on.
 * @throws role.not_found, role.management_api_protected, role.not_assigned
 */
export async function removeRoleScope(
  ctx: ServiceContext,
  input: RemoveRoleScopeInput,
): Promise<void> {
  assertCanManageTenant(ctx);
  const { roleId, scopeId } = parseInput(removeRoleScopeInput, input);
  await ctx.db.$transaction(async (tx) => {
    await loadChangeableRole(tx, roleId);
    await roleScopes.remove(tx, { roleId }, scopeId, () =>
      notAssigned(`The role does not hold the permission "${scopeId}".`, { roleId, scopeId }),
    );
    await recordAudit(tx, ctx, {
      action: "role.scope_removed",
      targetType: "role",
      targetId: roleId,
      data: { scopeId },
    });
  });
}
