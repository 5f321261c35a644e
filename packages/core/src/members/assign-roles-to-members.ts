import { membersRolesInput, type MembersRolesInput } from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { isForeignKeyViolation } from "../prisma-errors.ts";
import {
  assertOrganizationExists,
  explainMissing,
  memberNotFound,
  resolveUserRoles,
} from "./lookups.ts";
import { memberRoles } from "./relations.ts";

/**
 * Gives the same roles to several members at once (all or nothing). Every user must
 * already be a member; roles already held are left as they are.
 * @throws organization.not_found, member.not_found (naming the non-members),
 *   member.role_not_found, member.role_type_mismatch
 */
export async function assignRolesToMembers(
  ctx: ServiceContext,
  input: MembersRolesInput,
): Promise<void> {
  assertCanManageTenant(ctx);
  const { organizationId, userIds, organizationRoleIds } = parseInput(membersRolesInput, input);
  const ids = [...new Set(userIds)];
  const roleIds = [...new Set(organizationRoleIds)];
  try {
    await ctx.db.$transaction(async (tx) => {
      await assertOrganizationExists(tx, organizationId);
      const members = await tx.organizationMember.findMany({
        where: { organizationId, userId: { in: ids } },
        select: { userId: true },
      });
      const memberIds = new Set(members.map((m) => m.userId));
      const outsiders = ids.filter((id) => !memberIds.has(id));
      if (outsiders.length) throw await memberNotFound(tx, organizationId, outsiders);
      await resolveUserRoles(tx, { ids: roleIds });
      const added = await memberRoles.assignEach(
        tx,
        ids.map((userId) => ({ organizationId, userId })),
        roleIds,
      );
      if (added.length === 0) return;
      await recordAudit(tx, ctx, {
        action: "member.roles_assigned",
        targetType: "organization",
        targetId: organizationId,
        organizationId,
        data: {
          userIds: [...new Set(added.map((a) => a.userId))],
          organizationRoleIds: roleIds,
          added: added.length,
        },
      });
    });
  } catch (error) {
    if (isForeignKeyViolation(error)) {
      throw await explainMissing(ctx.db, { organizationId, userIds: ids, roleIds, members: true });
    }
    throw error;
  }
}
