import { generateRegistrationOptions, verifyRegistrationResponse } from "@simplewebauthn/server";
import type { PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/server";
import {
  finishPasskeyRegistrationInput,
  mfaUserInput,
  type FinishPasskeyRegistrationInput,
  type MfaUserInput,
} from "@guildhall/validators";
import type { AccountFlowOptions } from "../accounts/options.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { now as ctxNow, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { isUniqueViolation } from "../prisma-errors.ts";
import {
  authChallengeId,
  createAuthChallenge,
  findLiveChallenge,
  challengeInvalid,
} from "../sign-in/challenge.ts";
import type { WebAuthnRp } from "../sign-in/types.ts";
import { userNotFound } from "../users/get-user.ts";
import { assertSelf, lockUser } from "./authorize.ts";
import { markMfaEnabled } from "./factor-changes.ts";
import { assertFactorOffered } from "./offered-factors.ts";
import { passkeyFailed } from "./webauthn-credential.ts";

type PasskeyOptions = AccountFlowOptions & WebAuthnRp;

function clock(ctx: ServiceContext, opts: AccountFlowOptions): Date {
  return opts.now?.() ?? ctxNow(ctx);
}

/**
 * Begins adding a passkey: creation options for `startRegistration` in the browser, and a
 * token naming the challenge the authenticator must sign. The user's passkeys are excluded,
 * so one authenticator is not registered twice. Discoverable credentials are preferred, so
 * the passkey also signs in without a password.
 * @throws auth.forbidden (not the user themself), mfa.factor_not_offered, user.not_found
 * @example const { challengeToken, options } = await startPasskeyRegistration(ctx, { userId }, { ...opts, rpId, rpName, origin });
 */
export async function startPasskeyRegistration(
  ctx: ServiceContext,
  input: MfaUserInput,
  opts: PasskeyOptions,
): Promise<{ challengeToken: string; options: PublicKeyCredentialCreationOptionsJSON }> {
  const { userId } = parseInput(mfaUserInput, input);
  assertSelf(ctx, userId);
  await assertFactorOffered(ctx.db, "webauthn");
  const user = await ctx.db.user.findUnique({
    where: { id: userId },
    select: {
      email: true,
      username: true,
      name: true,
      mfaFactors: { where: { type: "webauthn" }, select: { credentialId: true, transports: true } },
    },
  });
  if (!user) throw userNotFound(userId);
  const options = await generateRegistrationOptions({
    rpName: opts.rpName,
    rpID: opts.rpId,
    // What the authenticator shows to tell accounts apart: a username-only user has no email.
    userName: user.email ?? user.username ?? userId,
    userDisplayName: user.name ?? user.email ?? user.username ?? undefined,
    userID: new TextEncoder().encode(userId),
    attestationType: "none",
    excludeCredentials: user.mfaFactors.flatMap((factor) =>
      factor.credentialId ? [{ id: factor.credentialId, transports: factor.transports }] : [],
    ),
    authenticatorSelection: { residentKey: "preferred", userVerification: "preferred" },
  });
  const { challengeToken } = await createAuthChallenge(ctx.db, {
    purpose: "passkey_registration",
    userId,
    amr: [],
    mfaPending: false,
    webauthnChallenge: options.challenge,
    now: clock(ctx, opts),
  });
  return { challengeToken, options };
}

/**
 * Checks the authenticator's answer and stores the passkey (confirmed at once: the signature
 * proves the user holds it). The challenge is used up whether or not the answer verifies.
 * @throws auth.forbidden, sign_in.challenge_invalid, passkey.verification_failed, mfa.factor_not_offered
 * @example const { factorId } = await finishPasskeyRegistration(ctx, { userId, challengeToken, response, name: "Laptop" }, opts);
 */
export async function finishPasskeyRegistration(
  ctx: ServiceContext,
  input: FinishPasskeyRegistrationInput,
  opts: PasskeyOptions,
): Promise<{ factorId: string }> {
  const { userId, challengeToken, response, name } = parseInput(
    finishPasskeyRegistrationInput,
    input,
  );
  assertSelf(ctx, userId);
  await assertFactorOffered(ctx.db, "webauthn");
  const now = clock(ctx, opts);
  const challenge = await findLiveChallenge(ctx.db, challengeToken, "passkey_registration", now);
  if (challenge.userId !== userId || !challenge.webauthnChallenge) throw challengeInvalid();
  const { count } = await ctx.db.authChallenge.updateMany({
    where: { id: authChallengeId(challengeToken), consumedAt: null },
    data: { consumedAt: now },
  });
  if (count !== 1) throw challengeInvalid();

  let credential;
  try {
    const verification = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge.webauthnChallenge,
      expectedOrigin: opts.origin,
      expectedRPID: opts.rpId,
      requireUserVerification: false,
    });
    if (!verification.verified) throw passkeyFailed();
    credential = verification.registrationInfo.credential;
  } catch {
    throw passkeyFailed();
  }

  try {
    return await ctx.db.$transaction(async (tx) => {
      await lockUser(tx, userId);
      const factor = await tx.userMfaFactor.create({
        data: {
          userId,
          type: "webauthn",
          name: name ?? "Passkey",
          credentialId: credential.id,
          publicKey: new Uint8Array(credential.publicKey),
          counter: BigInt(credential.counter),
          transports: credential.transports ?? [],
          confirmedAt: now,
        },
        select: { id: true },
      });
      await markMfaEnabled(tx, userId, now);
      await recordAudit(tx, ctx, {
        action: "mfa.passkey_added",
        targetType: "user",
        targetId: userId,
        data: { factorId: factor.id },
      });
      return { factorId: factor.id };
    });
  } catch (error) {
    // The same authenticator registered again (excludeCredentials normally prevents it).
    if (isUniqueViolation(error)) throw passkeyFailed();
    throw error;
  }
}
