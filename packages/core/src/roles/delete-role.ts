import { id as idSchema } from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { translateWriteErrors } from "../prisma-errors.ts";
import { loadChangeableRole } from "./load-role.ts";
import { roleNotFound } from "./select.ts";

/**
 * Deletes a global role: its users and applications lose its permissions (the links
 * cascade) from their next token on; tokens already issued stay valid until they expire.
 * @throws role.not_found, role.management_api_protected
 */
export async function deleteRole(ctx: ServiceContext, { id }: { id: string }): Promise<void> {
  assertCanManageTenant(ctx);
  const roleId = parseInput(idSchema, id);
  await translateWriteErrors(
    () =>
      ctx.db.$transaction(async (tx) => {
        await loadChangeableRole(tx, roleId);
        const deleted = await tx.role.delete({
          where: { id: roleId },
          select: { name: true, type: true },
        });
        await recordAudit(tx, ctx, {
          action: "role.deleted",
          targetType: "role",
          targetId: roleId,
          data: deleted,
        });
      }),
    {
      // Deleted by someone else between the check and the delete.
      notFound: () => roleNotFound(roleId),
    },
  );
}
