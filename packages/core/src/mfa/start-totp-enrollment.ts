import { mfaUserInput, type MfaUserInput, type TotpEnrollment } from "@guildhall/validators";
import QRCode from "qrcode";
import type { AccountFlowOptions } from "../accounts/options.ts";
import type { ServiceContext } from "../context.ts";
import { seal } from "../crypto/secret-box.ts";
import { DomainError } from "../errors.ts";
import { parseInput } from "../parse.ts";
import { assertSelf, lockUser } from "./authorize.ts";
import { assertFactorOffered } from "./offered-factors.ts";
import { newTotpSecret, totpUri } from "./totp.ts";

/** The purpose the TOTP secrets are sealed under (`seal`/`open`). */
export const TOTP_SEAL_PURPOSE = "totp";

/**
 * Begins adding an authenticator app: a new secret (sealed at rest), its otpauth URI and a QR
 * code of it. The factor counts once `confirmTotpEnrollment` has checked a first code; an
 * unconfirmed one started earlier is replaced.
 * @throws auth.forbidden (not the user themself), mfa.factor_not_offered, mfa.already_enrolled
 * @example const { qrCodeSvg, secret } = await startTotpEnrollment(ctx, { userId }, { ...opts, issuer: "Guildhall" });
 */
export async function startTotpEnrollment(
  ctx: ServiceContext,
  input: MfaUserInput,
  opts: AccountFlowOptions & { issuer: string },
): Promise<TotpEnrollment> {
  const { userId } = parseInput(mfaUserInput, input);
  assertSelf(ctx, userId);
  await assertFactorOffered(ctx.db, "totp");
  const secret = newTotpSecret();
  const factorId = await ctx.db.$transaction(async (tx) => {
    await lockUser(tx, userId);
    const existing = await tx.userMfaFactor.findMany({
      where: { userId, type: "totp" },
      select: { id: true, confirmedAt: true },
    });
    if (existing.some((factor) => factor.confirmedAt)) {
      throw new DomainError(
        "mfa.already_enrolled",
        "An authenticator app is already set up. Remove it before adding another.",
      );
    }
    await tx.userMfaFactor.deleteMany({ where: { userId, type: "totp", confirmedAt: null } });
    const factor = await tx.userMfaFactor.create({
      data: {
        userId,
        type: "totp",
        totpSecretSealed: seal(secret, opts.instanceSecret, TOTP_SEAL_PURPOSE),
      },
      select: { id: true },
    });
    return factor.id;
  });
  const account = await ctx.db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { email: true, username: true },
  });
  // The label authenticator apps show; a username-only user has no email.
  const otpauthUri = totpUri(secret, opts.issuer, account.email ?? account.username ?? userId);
  const qrCodeSvg = await QRCode.toString(otpauthUri, { type: "svg", margin: 1 });
  return { factorId, secret, otpauthUri, qrCodeSvg };
}
