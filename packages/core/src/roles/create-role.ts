import { createRoleInput, type CreateRoleInput, type Role } from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { translateWriteErrors } from "../prisma-errors.ts";
import { isManagementApiRole, roleNameTaken, roleSelect, toRole } from "./select.ts";

/**
 * Creates a global role, with no permissions and no holders yet.
 * @throws role.name_taken (also for the reserved name of the Management API role)
 */
export async function createRole(ctx: ServiceContext, input: CreateRoleInput): Promise<Role> {
  assertCanManageTenant(ctx);
  const data = parseInput(createRoleInput, input);
  // Reserved even before the Management API is set up, so no look-alike can become it.
  if (isManagementApiRole(data)) throw roleNameTaken(data.name);
  return translateWriteErrors(
    () =>
      ctx.db.$transaction(async (tx) => {
        const role = await tx.role.create({
          data: { name: data.name, description: data.description ?? null, type: data.type },
          select: roleSelect,
        });
        await recordAudit(tx, ctx, {
          action: "role.created",
          targetType: "role",
          targetId: role.id,
          data: { name: role.name, type: role.type },
        });
        return toRole(role);
      }),
    { unique: () => roleNameTaken(data.name) },
  );
}
