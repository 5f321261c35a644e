import { id as idSchema } from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { translateWriteErrors } from "../prisma-errors.ts";
import { organizationNotFound } from "./select.ts";

/**
 * Deletes an organization with its memberships, member roles, invitations, JIT rules and
 * application memberships (all cascade). Users themselves are kept.
 * @throws organization.not_found
 */
export async function deleteOrganization(
  ctx: ServiceContext,
  { id }: { id: string },
): Promise<void> {
  assertCanManageTenant(ctx);
  const organizationId = parseInput(idSchema, id);
  await translateWriteErrors(
    () =>
      ctx.db.$transaction(async (tx) => {
        const deleted = await tx.organization.delete({
          where: { id: organizationId },
          select: { name: true },
        });
        await recordAudit(tx, ctx, {
          action: "organization.deleted",
          targetType: "organization",
          targetId: organizationId,
          organizationId,
          data: { name: deleted.name },
        });
      }),
    { notFound: () => organizationNotFound(organizationId) },
  );
}
