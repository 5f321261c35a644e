import { id as idSchema } from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { translateWriteErrors } from "../prisma-errors.ts";
import { roleNotFound } from "./select.ts";

/**
 * Deletes a role from the template: every member, invitation and JIT rule holding it
 * loses it (the links cascade), in every organization at once.
 * @throws organization_role.not_found
 */
export async function deleteOrganizationRole(
  ctx: ServiceContext,
  { id }: { id: string },
): Promise<void> {
  assertCanManageTenant(ctx);
  const roleId = parseInput(idSchema, id);
  await translateWriteErrors(
    () =>
      ctx.db.$transaction(async (tx) => {
        const deleted = await tx.organizationRole.delete({
          where: { id: roleId },
          select: {
            name: true,
            permissions: { select: { permission: { select: { name: true } } } },
          },
        });
        // The permissions its holders lost: freshness monitors refuse older tokens carrying them.
        const removedPermissions = deleted.permissions.map((p) => p.permission.name).sort();
        await recordAudit(tx, ctx, {
          action: "organization_role.deleted",
          targetType: "organization_role",
          targetId: roleId,
          data: { name: deleted.name, removedPermissions },
        });
      }),
    { notFound: () => roleNotFound(roleId) },
  );
}
