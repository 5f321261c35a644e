import { memberRoleRef, type MemberRoleRef } from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { assertMember, roleNotHeld } from "./lookups.ts";
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
      return roleNotHeld(tx, {
        organizationRoleId,
        holder: "member",
        data: { organizationId, userId, organizationRoleId },
        roleNotFoundData: { roleIds: [organizationRoleId] },
      });
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
