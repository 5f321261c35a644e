import type { Db, MfaFactorType, Prisma } from "@guildhall/db";

type Reader = Db | Prisma.TransactionClient;

/**
 * The factors that make MFA "enabled": an authenticator app or a passkey. Backup codes only
 * recover one of those, so a user holding nothing but backup codes has no second factor.
 */
export const PRIMARY_FACTOR_TYPES = ["totp", "webauthn"] as const satisfies MfaFactorType[];

/** Method references (RFC 8176) that prove a second factor. */
export const SECOND_FACTOR_AMR = ["otp", "hwk", "swk", "mfa"] as const;

/** True when `amr` already holds a second factor. */
export function hasSecondFactor(amr: readonly string[]): boolean {
  return amr.some((value) => (SECOND_FACTOR_AMR as readonly string[]).includes(value));
}

/** True when the user has a confirmed authenticator app or passkey. */
export async function hasConfirmedFactor(db: Reader, userId: string): Promise<boolean> {
  const count = await db.userMfaFactor.count({
    where: { userId, type: { in: [...PRIMARY_FACTOR_TYPES] }, confirmedAt: { not: null } },
  });
  return count > 0;
}

/**
 * The factors a user can answer a sign-in with, in the order the page offers them: each
 * confirmed type, and backup codes while one is unused.
 */
export async function usableFactorTypes(db: Reader, userId: string): Promise<MfaFactorType[]> {
  const rows = await db.userMfaFactor.findMany({
    where: { userId, confirmedAt: { not: null } },
    select: { type: true, backupCodes: { where: { usedAt: null }, select: { id: true }, take: 1 } },
  });
  const order: MfaFactorType[] = ["totp", "webauthn", "backup_codes"];
  const present = new Set(
    rows
      .filter((row) => row.type !== "backup_codes" || row.backupCodes.length > 0)
      .map((row) => row.type),
  );
  // Backup codes alone are no way in: they stand in for a factor the user still has.
  if (!present.has("totp") && !present.has("webauthn")) return [];
  return order.filter((type) => present.has(type));
}
