import type { Db, Prisma } from "@guildhall/db";
import type { MfaFactorType } from "@guildhall/validators";
import { getSignInExperience } from "../accounts/sign-in-experience.ts";
import { DomainError } from "../errors.ts";

const LABELS: Record<MfaFactorType, string> = {
  totp: "Authenticator apps",
  webauthn: "Passkeys",
  backup_codes: "Backup codes",
};

/**
 * Enrolment follows the sign-in experience's offered factors; signing in does not, so a
 * factor a user already holds keeps protecting the account after it stops being offered.
 * @throws mfa.factor_not_offered
 */
export async function assertFactorOffered(
  db: Db | Prisma.TransactionClient,
  type: MfaFactorType,
): Promise<void> {
  const { mfa } = await getSignInExperience(db);
  if (mfa.factors.includes(type)) return;
  throw new DomainError(
    "mfa.factor_not_offered",
    `${LABELS[type]} are not offered on this instance. Ask an administrator.`,
  );
}
