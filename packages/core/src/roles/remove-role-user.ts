import { removeRoleUserInput, type RemoveRoleUserInput } from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { loadRole } from "./load-role.ts";
import { roleUsers } from "./relations.ts";
import { notAssigned } from "./select.ts";

/**
 * Takes a role from a user; they lose its permissions from their next token on.
 * @throws role.not_found, role.not_assigned
 */
export async function removeRoleUser(
  ctx: ServiceContext,
  input: RemoveRoleUserInput,
): Promise<void> {
  assertCanManageTenant(ctx);
  const { roleId, userId } = parseInput(removeRoleUserInput, input);
  await ctx.db.$transaction(async (tx) => {
    await loadRole(tx, roleId);
    await roleUsers.remove(tx, { roleId }, userId, () =>
      notAssigned(`User "${userId}" does not hold this role.`, { roleId, userId }),
    );
    await recordAudit(tx, ctx, {
      action: "role.user_removed",
      targetType: "role",
      targetId: roleId,
      data: { userId },
    });
  });
}
