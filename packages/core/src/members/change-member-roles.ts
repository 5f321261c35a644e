import {
  BUILT_IN_PERMISSIONS,
  memberRolesInput,
  type MemberRolesInput,
} from "@guildhall/validators";
import { recordAudit, type AuditEntry } from "../audit/record-audit.ts";
import type { ServiceContext } from "../context.ts";
import { runMemberChange } from "../organization-access/member-change.ts";
import { assertMayGrantRoles } from "../organization-access/role-grants.ts";
import { parseInput } from "../parse.ts";
import { isForeignKeyViolation } from "../prisma-errors.ts";
import type { RelationDiff } from "../shared/relation-set.ts";
import { assertMember, explainMissing, resolveUserRoles } from "./lookups.ts";
import { memberRoles } from "./relations.ts";

/**
 * What assigning and replacing a member's roles share: authorize, resolve the roles (by id
 * and name; user roles only), apply the set operation in one transaction and audit its
 * diff. A member acting in their organization (`guildhall:members:roles`) may only give or
 * take away roles whose permissions they hold, and never leave it without a role manager. `audit` makes the entry from the diff, or returns null when there is nothing to record.
 * @throws member.not_found, organization.not_found, member.role_not_found, member.role_type_mismatch,
 *   member.role_not_grantable, organization.last_admin, auth.forbidden
 */
export async function changeMemberRoles(
  ctx: ServiceContext,
  input: MemberRolesInput,
  op: "assign" | "replace",
  audit: (diff: RelationDiff) => Pick<AuditEntry, "action" | "data"> | null,
): Promise<void> {
  const { organizationId, userId, organizationRoleIds, organizationRoleNames } = parseInput(
    memberRolesInput,
    input,
  );
  let roleIds: string[] = organizationRoleIds;
  try {
    await runMemberChange(
      ctx,
      organizationId,
      BUILT_IN_PERMISSIONS.membersRoles,
      async (tx, access) => {
        await assertMember(tx, organizationId, userId);
        const roles = await resolveUserRoles(tx, {
          ids: organizationRoleIds,
          names: organizationRoleNames,
        });
        roleIds = roles.map((r) => r.id);
        const diff = await memberRoles[op](tx, { organizationId, userId }, roleIds);
        // Checked on what actually changes: re-assigning a role one already holds is harmless.
        await assertMayGrantRoles(tx, access, [...diff.added, ...diff.removed]);
        const entry = audit(diff);
        if (!entry) return;
        await recordAudit(tx, ctx, {
          ...entry,
          targetType: "member",
          targetId: userId,
          organizationId,
        });
      },
    );
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
