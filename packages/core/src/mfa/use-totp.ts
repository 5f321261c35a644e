import type { Prisma } from "@guildhall/db";
import { open } from "../crypto/secret-box.ts";
import { TOTP_SEAL_PURPOSE } from "./start-totp-enrollment.ts";
import { matchTotpStep } from "./totp.ts";

/**
 * Checks a code against a TOTP factor and, when it matches a step after the last one
 * accepted, records that step. The conditional update makes it single use even when two
 * requests carry the same code at once: exactly one moves `totpLastStep`.
 * Returns false for a wrong code and for a replay.
 */
export async function useTotpCode(
  tx: Prisma.TransactionClient,
  factor: { id: string; totpSecretSealed: string | null },
  code: string,
  instanceSecret: string,
  now: Date,
): Promise<boolean> {
  if (!factor.totpSecretSealed) return false;
  const secret = open(factor.totpSecretSealed, instanceSecret, TOTP_SEAL_PURPOSE);
  const step = matchTotpStep(secret, code, now);
  if (step === null) return false;
  const { count } = await tx.userMfaFactor.updateMany({
    where: {
      id: factor.id,
      OR: [{ totpLastStep: null }, { totpLastStep: { lt: BigInt(step) } }],
    },
    data: { totpLastStep: BigInt(step), lastUsedAt: now },
  });
  return count === 1;
}
