import { mfaUserInput, type MfaFactor, type MfaUserInput } from "@guildhall/validators";
import type { ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { userNotFound } from "../users/get-user.ts";
import { assertSelfOrTenantManager } from "./authorize.ts";

/**
 * A user's confirmed factors (an authenticator app still being added is not one), for the
 * account page and the console. Never a secret: no TOTP seed, key or code.
 * @throws auth.forbidden, user.not_found
 * @example const factors = await listMfaFactors(ctx, { userId });
 */
export async function listMfaFactors(
  ctx: ServiceContext,
  input: MfaUserInput,
): Promise<MfaFactor[]> {
  const { userId } = parseInput(mfaUserInput, input);
  assertSelfOrTenantManager(ctx, userId);
  const user = await ctx.db.user.findUnique({
    where: { id: userId },
    select: {
      mfaFactors: {
        where: { confirmedAt: { not: null } },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: {
          id: true,
          type: true,
          name: true,
          createdAt: true,
          lastUsedAt: true,
          _count: { select: { backupCodes: { where: { usedAt: null } } } },
        },
      },
    },
  });
  if (!user) throw userNotFound(userId);
  return user.mfaFactors.map((factor) => ({
    id: factor.id,
    type: factor.type,
    name: factor.name,
    createdAt: factor.createdAt,
    lastUsedAt: factor.lastUsedAt,
    ...(factor.type === "backup_codes" ? { remainingCodes: factor._count.backupCodes } : {}),
  }));
}
