import { memberUsersInput, type MemberUsersInput } from "@guildhall/validators";
import type { Prisma } from "@guildhall/db";
import { recordAudit, type AuditEntry } from "../audit/record-audit.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { isForeignKeyViolation } from "../prisma-errors.ts";
import type { RelationDiff, RelationSet } from "../shared/relation-set.ts";
import { assertOrganizationExists, assertUsersExist, explainMissing } from "./lookups.ts";
import { organizationMembers } from "./relations.ts";

type MemberAudit = (diff: RelationDiff) => Pick<AuditEntry, "action" | "data"> | null;

/**
 * What adding and replacing an organization's members share, whoever they are (users,
 * applications): check the organization and the new members (`assertMembers`), apply the
 * set operation in one transaction and audit its diff. `audit` makes the entry from the
 * diff, or returns null when there is nothing to record. A foreign-key violation (a row
 * deleted mid-write) is explained by `explainMissing`, outside the failed transaction.
 * The caller authorizes and parses.
 * @throws organization.not_found, what `assertMembers` and `explainMissing` throw
 */
export async function changeOrganizationMembers(
  ctx: ServiceContext,
  {
    organizationId,
    ids,
    members,
    assertMembers,
    explainMissing,
  }: {
    organizationId: string;
    ids: string[];
    members: RelationSet<{ organizationId: string }, string>;
    assertMembers: (tx: Prisma.TransactionClient, ids: string[]) => Promise<void>;
    explainMissing: () => Promise<Error>;
  },
  op: "assign" | "replace",
  audit: MemberAudit,
): Promise<void> {
  try {
    await ctx.db.$transaction(async (tx) => {
      await assertOrganizationExists(tx, organizationId);
      await assertMembers(tx, ids);
      const entry = audit(await members[op](tx, { organizationId }, ids));
      if (!entry) return;
      await recordAudit(tx, ctx, {
        ...entry,
        targetType: "organization",
        targetId: organizationId,
        organizationId,
      });
    });
  } catch (error) {
    if (isForeignKeyViolation(error)) throw await explainMissing();
    throw error;
  }
}

/**
 * Adding and replacing user members: authorize, then `changeOrganizationMembers`.
 * @throws organization.not_found, member.user_not_found
 */
export async function changeMembers(
  ctx: ServiceContext,
  input: MemberUsersInput,
  op: "assign" | "replace",
  audit: MemberAudit,
): Promise<void> {
  assertCanManageTenant(ctx);
  const { organizationId, userIds } = parseInput(memberUsersInput, input);
  const ids = [...new Set(userIds)];
  await changeOrganizationMembers(
    ctx,
    {
      organizationId,
      ids,
      members: organizationMembers,
      assertMembers: assertUsersExist,
      explainMissing: () => explainMissing(ctx.db, { organizationId, userIds: ids }),
    },
    op,
    audit,
  );
}
