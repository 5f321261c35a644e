import { memberRoleRef, type MemberRoleRef } from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { parseInput } from "../parse.ts";
import { assertMember } from "./lookups.ts";
import { memberRoles } from "./relations.ts";

/**
 * Takes one organization role away from a member.
 * @throws member.not_found, organization.not_found, member.role_not_found (no such role),
 *   member.role_not_assigned (the member does not hold it)
 */
export async function removeMemberRole(ctx: ServiceContext, input: MemberRoleRef): Promise<void> {
  assertCanManageTenant(ctx);
  const { organizationId, userId, organizationRoleId } = parseInput(memberRoleRef, input);
  await ctx.db.$transaction(async (tx) => {
    await memberRoles.remove(tx, { organizationId, userId }, organizationRoleId, async () => {
      await assertMember(tx, organizationId, userId);
      const role = await tx.organizationRole.findUnique({
        where: { id: organizationRoleId },
        select: { name: true },
      });
      if (!role) {
        return new DomainError(
          "member.role_not_found",
          `No organization role has id "${organizationRoleId}".`,
          {
            roleIds: [organizationRoleId],
          },
        );
      }
      return new DomainError(
        "member.role_not_assigned",
        `This member does not hold the role "${role.name}".`,
        {
          organizationId,
          userId,
          organizationRoleId,
        },
      );
    });
    await recordAudit(tx, ctx, {
      action: "member.role_removed",
      targetType: "member",
      targetId: userId,
      organizationId,
      data: { organizationRoleId },
    });
  });
}
