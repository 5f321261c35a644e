import type { Prisma } from "@guildhall/db";
import { recordAudit } from "../audit/record-audit.ts";
import type { ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { assertOrganizationExists } from "../members/lookups.ts";
import { isForeignKeyViolation } from "../prisma-errors.ts";
import type { RelationDiff, RelationSet } from "../shared/relation-set.ts";

/** The three JIT settings of an organization, as audit entries name them. */
export type JitSetting = "email_domains" | "roles" | "sso_connectors";

/**
 * What changing any JIT set shares: in one transaction, check the organization and the ids
 * (`check`, which throws the setting's own error), apply the set operation, and record one
 * `organization.jit_<setting>_changed` entry with the diff when something changed. A row
 * deleted by someone else mid-write (a foreign-key violation) is explained by running the
 * checks again outside the failed transaction. The caller authorizes and parses.
 * @throws organization.not_found, what `check` throws
 */
export async function changeJitSet(
  ctx: ServiceContext,
  {
    organizationId,
    setting,
    set,
    op,
    ids,
    check,
  }: {
    organizationId: string;
    setting: JitSetting;
    set: RelationSet<{ organizationId: string }, string>;
    op: "assign" | "replace" | "remove";
    ids: string[];
    check: (tx: Prisma.TransactionClient | ServiceContext["db"], ids: string[]) => Promise<void>;
  },
  notHeld?: () => DomainError,
): Promise<RelationDiff> {
  const owner = { organizationId };
  try {
    return await ctx.db.$transaction(async (tx) => {
      await assertOrganizationExists(tx, organizationId);
      let diff: RelationDiff;
      if (op === "remove") {
        diff = await set.remove(tx, owner, ids[0] ?? "", notHeld);
      } else {
        await check(tx, ids);
        diff = await set[op](tx, owner, ids);
      }
      if (diff.added.length || diff.removed.length) {
        await recordAudit(tx, ctx, {
          action: `organization.jit_${setting}_changed`,
          targetType: "organization",
          targetId: organizationId,
          organizationId,
          data: { added: diff.added, removed: diff.removed },
        });
      }
      return diff;
    });
  } catch (error) {
    if (!isForeignKeyViolation(error)) throw error;
    await assertOrganizationExists(ctx.db, organizationId);
    await check(ctx.db, ids);
    throw new DomainError(
      "guard.invalid_input",
      "The organization's settings changed while they were being updated. Try again.",
    );
  }
}
