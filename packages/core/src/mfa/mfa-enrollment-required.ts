import type { Db, Prisma } from "@guildhall/db";
import { mfaEnrollmentRequiredInput, type MfaEnrollmentRequiredInput } from "@guildhall/validators";
import { parseInput } from "../parse.ts";
import { getSignInExperience } from "../accounts/sign-in-experience.ts";
import { hasConfirmedFactor } from "./second-factors.ts";

/**
 * Whether the user must add a factor before going on: they have none, and the instance
 * requires one of everyone or the organization a token is asked for requires one.
 * @example if (await mfaEnrollmentRequired(db, { userId, organizationId })) redirect("/account/mfa");
 */
export async function mfaEnrollmentRequired(
  db: Db | Prisma.TransactionClient,
  input: MfaEnrollmentRequiredInput,
): Promise<boolean> {
  const { userId, organizationId } = parseInput(mfaEnrollmentRequiredInput, input);
  if (await hasConfirmedFactor(db, userId)) return false;
  if ((await getSignInExperience(db)).mfa.policy === "required") return true;
  if (!organizationId) return false;
  const organization = await db.organization.findUnique({
    where: { id: organizationId },
    select: { isMfaRequired: true },
  });
  return organization?.isMfaRequired ?? false;
}
