import { createHash } from "node:crypto";
import {
  generateAuthenticationOptions,
  verifyAuthenticationResponse,
} from "@simplewebauthn/server";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import type { Db } from "@guildhall/db";
import {
  finishSignInPasskeyInput,
  startSignInPasskeyInput,
  type FinishSignInPasskeyInput,
  type SignInStep,
  type StartSignInPasskeyInput,
} from "@guildhall/validators";
import type { AccountFlowOptions } from "../accounts/options.ts";
import { tooManyAttempts } from "../auth/throttle.ts";
import { createPostgresRateLimiter } from "../rate-limit/postgres.ts";
import { parseInput } from "../parse.ts";
import { passkeyFailed, toWebAuthnCredential } from "../mfa/webauthn-credential.ts";
import {
  challengeInvalid,
  countChallengeAttempt,
  createAuthChallenge,
  findLiveChallenge,
  satisfySecondFactor,
} from "./challenge.ts";
import type { WebAuthnRp } from "./types.ts";

type PasskeyOptions = AccountFlowOptions & WebAuthnRp;

/**
 * Asks the browser for a passkey. With a challenge token (after the password), the passkey is
 * the second factor and only that user's passkeys are allowed; without one, it is a
 * passwordless sign-in with a discoverable passkey, which must verify the user (PIN or
 * biometrics), as it stands for both factors.
 * @throws sign_in.challenge_invalid (a token that owes no factor), mfa.factor_not_found
 * @example const { challengeToken, options } = await startSignInPasskey(db, {}, { ...opts, rpId, rpName, origin });
 */
/** Passwordless passkey sign-ins started per IP address and minute. */
export const PASSKEY_STARTS_PER_MINUTE = 30;
export async function startSignInPasskey(
  db: Db,
  input: StartSignInPasskeyInput,
  opts: PasskeyOptions,
): Promise<{ challengeToken: string; options: PublicKeyCredentialRequestOptionsJSON }> {
  const { challengeToken } = parseInput(startSignInPasskeyInput, input);
  const now = opts.now?.() ?? new Date();
  if (!challengeToken) {
    // Anyone may start a passwordless sign-in, and each start stores a challenge: a bound
    // per address keeps that from filling the table (the sweep deletes expired ones).
    if (opts.ip) {
      const limiter = createPostgresRateLimiter(db, {
        limit: PASSKEY_STARTS_PER_MINUTE,
        windowMs: 60_000,
        now: opts.now,
      });
      const decision = await limiter.hit(
        `passkey_sign_in:ip:${createHash("sha256").update(opts.ip).digest("base64url")}`,
      );
      if (!decision.allowed) throw tooManyAttempts(decision.retryAfterSeconds);
    }
    const options = await generateAuthenticationOptions({
      rpID: opts.rpId,
      userVerification: "required",
    });
    const created = await createAuthChallenge(db, {
      purpose: "sign_in",
      userId: null,
      amr: [],
      mfaPending: false,
      webauthnChallenge: options.challenge,
      now,
    });
    return { challengeToken: created.challengeToken, options };
  }
  const challenge = await findLiveChallenge(db, challengeToken, "sign_in", now);
  if (challenge.userId === null || !challenge.mfaPending) throw challengeInvalid();
  const passkeys = await db.userMfaFactor.findMany({
    where: { userId: challenge.userId, type: "webauthn", confirmedAt: { not: null } },
    select: { credentialId: true, transports: true },
  });
  const allowCredentials = passkeys.flatMap((p) =>
    p.credentialId ? [{ id: p.credentialId, transports: p.transports }] : [],
  );
  if (allowCredentials.length === 0) throw passkeyFailed();
  const options = await generateAuthenticationOptions({
    rpID: opts.rpId,
    allowCredentials,
    userVerification: "preferred",
  });
  await db.authChallenge.updateMany({
    where: { id: challenge.id, consumedAt: null },
    data: { webauthnChallenge: options.challenge },
  });
  return { challengeToken, options };
}

/**
 * Checks the passkey's signature against the challenge `startSignInPasskey` issued (used
 * once). As a second factor `amr` gains "hwk" and "mfa"; a passwordless sign-in learns the
 * user from the passkey and gets ["hwk", "mfa"] (user verification was required). The
 * signature counter is stored so a cloned authenticator shows up as a counter going back.
 * @throws passkey.verification_failed, sign_in.challenge_invalid
 * @example const step = await finishSignInPasskey(db, { challengeToken, response }, opts);
 */
export async function finishSignInPasskey(
  db: Db,
  input: FinishSignInPasskeyInput,
  opts: PasskeyOptions,
): Promise<SignInStep> {
  const { challengeToken, response } = parseInput(finishSignInPasskeyInput, input);
  const now = opts.now?.() ?? new Date();
  const challenge = await findLiveChallenge(db, challengeToken, "sign_in", now);
  const expectedChallenge = challenge.webauthnChallenge;
  const passwordless = challenge.userId === null;
  if (!expectedChallenge || (!passwordless && !challenge.mfaPending)) throw challengeInvalid();
  await countChallengeAttempt(db, challenge.id);
  // The WebAuthn challenge is single use: whoever clears it first is the one verified.
  const { count } = await db.authChallenge.updateMany({
    where: { id: challenge.id, consumedAt: null, webauthnChallenge: expectedChallenge },
    data: { webauthnChallenge: null },
  });
  if (count !== 1) throw challengeInvalid();

  const factor = await db.userMfaFactor.findFirst({
    where: {
      credentialId: response.id,
      type: "webauthn",
      confirmedAt: { not: null },
      ...(challenge.userId ? { userId: challenge.userId } : {}),
    },
    select: {
      id: true,
      userId: true,
      credentialId: true,
      publicKey: true,
      counter: true,
      transports: true,
    },
  });
  const credential = factor && toWebAuthnCredential(factor);
  if (!factor || !credential) throw passkeyFailed();
  let newCounter: number;
  try {
    const verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge,
      expectedOrigin: opts.origin,
      expectedRPID: opts.rpId,
      credential,
      requireUserVerification: passwordless,
    });
    if (!verification.verified) throw passkeyFailed();
    newCounter = verification.authenticationInfo.newCounter;
  } catch {
    throw passkeyFailed();
  }
  await db.userMfaFactor.update({
    where: { id: factor.id },
    data: { counter: BigInt(newCounter), lastUsedAt: now },
  });
  if (passwordless) {
    const { count: claimed } = await db.authChallenge.updateMany({
      where: { id: challenge.id, consumedAt: null, userId: null },
      data: { userId: factor.userId, amr: ["hwk", "mfa"], mfaPending: false },
    });
    if (claimed !== 1) throw challengeInvalid();
  } else {
    await satisfySecondFactor(db, challenge, ["hwk"]);
  }
  return { challengeToken, status: "complete" };
}
