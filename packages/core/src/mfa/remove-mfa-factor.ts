import {
  mfaUserInput,
  removeMfaFactorInput,
  type MfaUserInput,
  type RemoveMfaFactorInput,
} from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import type { ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { parseInput } from "../parse.ts";
import { assertSelfOrManager, lockUser } from "./authorize.ts";
import { settleMfaState } from "./factor-changes.ts";

/**
 * Removes one factor: the user themself, or the console / Management API (a collaborator
 * not for a console admin). Removing the last authenticator app or passkey also removes the
 * backup codes and the user no longer has MFA.
 * @throws auth.forbidden, user.not_found, mfa.factor_not_found
 * @example await removeMfaFactor(ctx, { userId, factorId });
 */
export async function removeMfaFactor(
  ctx: ServiceContext,
  input: RemoveMfaFactorInput,
): Promise<void> {
  const { userId, factorId } = parseInput(removeMfaFactorInput, input);
  await ctx.db.$transaction(async (tx) => {
    await assertSelfOrManager(tx, ctx, userId);
    await lockUser(tx, userId);
    const { count } = await tx.userMfaFactor.deleteMany({ where: { id: factorId, userId } });
    if (count === 0) {
      throw new DomainError("mfa.factor_not_found", "This user has no such factor.", {
        factorId,
      });
    }
    await settleMfaState(tx, userId);
    await recordAudit(tx, ctx, {
      action: "mfa.factor_removed",
      targetType: "user",
      targetId: userId,
      data: { factorId },
    });
  });
}

/**
 * Removes every factor of a user (a lost phone: an admin resets, the user enrols again).
 * Same callers as `removeMfaFactor`.
 * @throws auth.forbidden, user.not_found
 * @example await resetMfa(ctx, { userId });
 */
export async function resetMfa(ctx: ServiceContext, input: MfaUserInput): Promise<void> {
  const { userId } = parseInput(mfaUserInput, input);
  await ctx.db.$transaction(async (tx) => {
    await assertSelfOrManager(tx, ctx, userId);
    await lockUser(tx, userId);
    await tx.userMfaFactor.deleteMany({ where: { userId } });
    await settleMfaState(tx, userId);
    await recordAudit(tx, ctx, { action: "mfa.reset", targetType: "user", targetId: userId });
  });
}
