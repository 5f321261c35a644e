import type { Db } from "@guildhall/db";
import { hashBackupCode } from "./backup-code-hash.ts";

/**
 * Uses up one of the user's backup codes. The conditional update (`usedAt` still null) makes
 * it single use even against a concurrent request with the same code.
 */
export async function useBackupCode(
  db: Db,
  userId: string,
  code: string,
  instanceSecret: string,
  now: Date,
): Promise<boolean> {
  const factor = await db.userMfaFactor.findFirst({
    where: { userId, type: "backup_codes", confirmedAt: { not: null } },
    select: { id: true },
  });
  if (!factor) return false;
  const { count } = await db.userBackupCode.updateMany({
    where: { factorId: factor.id, codeHash: hashBackupCode(code, instanceSecret), usedAt: null },
    data: { usedAt: now },
  });
  if (count !== 1) return false;
  await db.userMfaFactor.update({ where: { id: factor.id }, data: { lastUsedAt: now } });
  return true;
}
