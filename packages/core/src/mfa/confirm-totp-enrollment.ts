import { confirmTotpEnrollmentInput, type ConfirmTotpEnrollmentInput } from "@guildhall/validators";
import type { AccountFlowOptions } from "../accounts/options.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { now as ctxNow, type ServiceContext } from "../context.ts";
import { consoleSessionId } from "../console-sessions/create-console-session.ts";
import { DomainError } from "../errors.ts";
import { parseInput } from "../parse.ts";
import { invalidCode } from "../sign-in/second-factor-gate.ts";
import { assertSelf, lockUser } from "./authorize.ts";
import { markMfaEnabled } from "./factor-changes.ts";
import { assertFactorOffered } from "./offered-factors.ts";
import { useTotpCode } from "./use-totp.ts";

function notStarted() {
  return new DomainError(
    "mfa.enrollment_not_started",
    "Start adding an authenticator app first: scan the QR code, then enter its code.",
  );
}

/**
 * Finishes adding an authenticator app: the first code from the app proves it holds the
 * secret. The factor then counts, the user has MFA, and the console session they enrolled
 * from gains "otp" in its `amr` (it has just proved that factor).
 * @throws auth.forbidden, mfa.enrollment_not_started, mfa.invalid_code, mfa.factor_not_offered
 * @example const { factorId } = await confirmTotpEnrollment(ctx, { userId, code, sessionToken }, opts);
 */
export async function confirmTotpEnrollment(
  ctx: ServiceContext,
  input: ConfirmTotpEnrollmentInput,
  opts: AccountFlowOptions,
): Promise<{ factorId: string }> {
  const { userId, code, sessionToken } = parseInput(confirmTotpEnrollmentInput, input);
  assertSelf(ctx, userId);
  await assertFactorOffered(ctx.db, "totp");
  const now = opts.now?.() ?? ctxNow(ctx);
  const factor = await ctx.db.userMfaFactor.findFirst({
    where: { userId, type: "totp", confirmedAt: null },
    orderBy: { createdAt: "desc" },
    select: { id: true, totpSecretSealed: true },
  });
  if (!factor) throw notStarted();
  if (!(await useTotpCode(ctx.db, factor, code, opts.instanceSecret, now))) throw invalidCode();
  return ctx.db.$transaction(async (tx) => {
    await lockUser(tx, userId);
    const { count } = await tx.userMfaFactor.updateMany({
      where: { id: factor.id, confirmedAt: null },
      data: { confirmedAt: now },
    });
    // Replaced by a newer enrolment, or confirmed by a concurrent request.
    if (count !== 1) throw notStarted();
    await markMfaEnabled(tx, userId, now);
    if (sessionToken) {
      const session = await tx.consoleSession.findUnique({
        where: { id: consoleSessionId(sessionToken) },
        select: { userId: true, amr: true },
      });
      if (session?.userId === userId) {
        const amr = new Set([...session.amr, "otp"]);
        if (amr.size > 1) amr.add("mfa");
        await tx.consoleSession.update({
          where: { id: consoleSessionId(sessionToken) },
          data: { amr: [...amr] },
        });
      }
    }
    await recordAudit(tx, ctx, {
      action: "mfa.totp_enrolled",
      targetType: "user",
      targetId: userId,
      data: { factorId: factor.id },
    });
    return { factorId: factor.id };
  });
}
