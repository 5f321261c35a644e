import { memberRolesInput, type MemberRolesInput } from "@guildhall/validators";
import { recordAudit, type AuditEntry } from "../audit/record-audit.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { isForeignKeyViolation } from "../prisma-errors.ts";
import type { RelationDiff } from "../shared/relation-set.ts";
import { assertMember, explainMissing, resolveUserRoles } from "./lookups.ts";
import { memberRoles } from "./relations.ts";

/**
 * What assigning and replacing a member's roles share: authorize, resolve the roles (by id
 * and name; user roles only), apply the set operation in one transaction and audit its
 * diff. `audit` makes the entry from the diff, or returns null when there is nothing to record.
 * @throws member.not_found, organization.not_found, member.role_not_found, member.role_type_mismatch
 */
export async function changeMemberRoles(
  ctx: ServiceContext,
  input: MemberRolesInput,
  op: "assign" | "replace",
  audit: (diff: RelationDiff) => Pick<AuditEntry, "action" | "data"> | null,
): Promise<void> {
  assertCanManageTenant(ctx);
  const { organizationId, userId, organizationRoleIds, organizationRoleNames } = parseInput(
    memberRolesInput,
    input,
  );
  let roleIds: string[] = organizationRoleIds;
  try {
    await ctx.db.$transaction(async (tx) => {
      await assertMember(tx, organizationId, userId);
      const roles = await resolveUserRoles(tx, {
        ids: organizationRoleIds,
        names: organizationRoleNames,
      });
      roleIds = roles.map((r) => r.id);
      const entry = audit(await memberRoles[op](tx, { organizationId, userId }, roleIds));
      if (!entry) return;
      await recordAudit(tx, ctx, {
        ...entry,
        targetType: "member",
        targetId: userId,
        organizationId,
      });
    });
  } catch (error) {
    if (isForeignKeyViolation(error)) {
      throw await explainMissing(ctx.db, {
        organizationId,
        userIds: [userId],
        roleIds,
        members: true,
      });
    }
    throw error;
  }
}
