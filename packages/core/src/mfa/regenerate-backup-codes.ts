import { mfaUserInput, type BackupCodes, type MfaUserInput } from "@guildhall/validators";
import type { AccountFlowOptions } from "../accounts/options.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { now as ctxNow, type ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { parseInput } from "../parse.ts";
import { assertSelf, lockUser } from "./authorize.ts";
import { BACKUP_CODE_COUNT, hashBackupCode, newBackupCode } from "./backup-code-hash.ts";
import { assertFactorOffered } from "./offered-factors.ts";
import { hasConfirmedFactor } from "./second-factors.ts";

/**
 * Makes 10 new backup codes and forgets the old ones (used or not). The codes are returned
 * this once; only their HMACs are kept. Needs an authenticator app or a passkey, which the
 * codes stand in for when it is lost.
 * @throws auth.forbidden, mfa.factor_not_offered, mfa.enrollment_not_started
 * @example const { codes } = await regenerateBackupCodes(ctx, { userId }, opts);
 */
export async function regenerateBackupCodes(
  ctx: ServiceContext,
  input: MfaUserInput,
  opts: AccountFlowOptions,
): Promise<BackupCodes> {
  const { userId } = parseInput(mfaUserInput, input);
  assertSelf(ctx, userId);
  await assertFactorOffered(ctx.db, "backup_codes");
  const now = opts.now?.() ?? ctxNow(ctx);
  const codes = Array.from({ length: BACKUP_CODE_COUNT }, newBackupCode);
  await ctx.db.$transaction(async (tx) => {
    await lockUser(tx, userId);
    if (!(await hasConfirmedFactor(tx, userId))) {
      throw new DomainError(
        "mfa.enrollment_not_started",
        "Add an authenticator app or a passkey before creating backup codes.",
      );
    }
    await tx.userMfaFactor.deleteMany({ where: { userId, type: "backup_codes" } });
    const factor = await tx.userMfaFactor.create({
      data: { userId, type: "backup_codes", confirmedAt: now, createdAt: now },
      select: { id: true },
    });
    await tx.userBackupCode.createMany({
      data: codes.map((code) => ({
        factorId: factor.id,
        codeHash: hashBackupCode(code, opts.instanceSecret),
      })),
    });
    await recordAudit(tx, ctx, {
      action: "mfa.backup_codes_regenerated",
      targetType: "user",
      targetId: userId,
    });
  });
  return { codes };
}
