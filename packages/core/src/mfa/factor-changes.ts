import type { Prisma } from "@guildhall/db";
import { PRIMARY_FACTOR_TYPES } from "./second-factors.ts";

/** After a factor is confirmed: the user has MFA from now on (kept if they had it). */
export async function markMfaEnabled(
  tx: Prisma.TransactionClient,
  userId: string,
  now: Date,
): Promise<void> {
  await tx.user.updateMany({
    where: { id: userId, mfaEnabledAt: null },
    data: { mfaEnabledAt: now },
  });
}

/**
 * After factors are removed: without an authenticator app or passkey the user has no MFA, and
 * their backup codes, which only stand in for one of those, go too.
 */
export async function settleMfaState(tx: Prisma.TransactionClient, userId: string): Promise<void> {
  const primary = await tx.userMfaFactor.count({
    where: { userId, type: { in: [...PRIMARY_FACTOR_TYPES] }, confirmedAt: { not: null } },
  });
  if (primary > 0) return;
  await tx.userMfaFactor.deleteMany({ where: { userId, type: "backup_codes" } });
  await tx.user.update({ where: { id: userId }, data: { mfaEnabledAt: null } });
}
