import { memberUsersInput, type MemberUsersInput } from "@guildhall/validators";
import { recordAudit, type AuditEntry } from "../audit/record-audit.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { isForeignKeyViolation } from "../prisma-errors.ts";
import type { RelationDiff } from "../shared/relation-set.ts";
import { assertOrganizationExists, assertUsersExist, explainMissing } from "./lookups.ts";
import { organizationMembers } from "./relations.ts";

/**
 * What adding and replacing members share: authorize, check the organization and the
 * users, apply the set operation in one transaction and audit its diff. `audit` makes the
 * entry from the diff, or returns null when there is nothing to record.
 * @throws organization.not_found, member.user_not_found
 */
export async function changeMembers(
  ctx: ServiceContext,
  input: MemberUsersInput,
  op: "assign" | "replace",
  audit: (diff: RelationDiff) => Pick<AuditEntry, "action" | "data"> | null,
): Promise<void> {
  assertCanManageTenant(ctx);
  const { organizationId, userIds } = parseInput(memberUsersInput, input);
  const ids = [...new Set(userIds)];
  try {
    await ctx.db.$transaction(async (tx) => {
      await assertOrganizationExists(tx, organizationId);
      await assertUsersExist(tx, ids);
      const entry = audit(await organizationMembers[op](tx, { organizationId }, ids));
      if (!entry) return;
      await recordAudit(tx, ctx, {
        ...entry,
        targetType: "organization",
        targetId: organizationId,
        organizationId,
      });
    });
  } catch (error) {
    if (isForeignKeyViolation(error))
      throw await explainMissing(ctx.db, { organizationId, userIds: ids });
    throw error;
  }
}
