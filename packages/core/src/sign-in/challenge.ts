import { createHash, randomBytes } from "node:crypto";
import type { AuthChallenge, AuthChallengePurpose, Db, Prisma } from "@guildhall/db";
import { DomainError } from "../errors.ts";
import { hasConfirmedFactor, hasSecondFactor } from "../mfa/second-factors.ts";

type Writer = Db | Prisma.TransactionClient;

/** A sign-in or a WebAuthn ceremony must finish within this. */
export const AUTH_CHALLENGE_TTL_MS = 10 * 60 * 1000;
/** Wrong codes allowed on one sign-in challenge; then the sign-in starts over. */
export const CHALLENGE_MAX_ATTEMPTS = 5;

/** The row id for a challenge token: a copy of the table holds no usable token. */
export function authChallengeId(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

/** Creates a challenge row and returns the random token that names it. */
export async function createAuthChallenge(
  db: Writer,
  data: {
    purpose: AuthChallengePurpose;
    userId: string | null;
    amr: string[];
    mfaPending: boolean;
    webauthnChallenge?: string;
    now: Date;
  },
): Promise<{ challengeToken: string }> {
  const challengeToken = randomBytes(32).toString("base64url");
  await db.authChallenge.create({
    data: {
      id: authChallengeId(challengeToken),
      purpose: data.purpose,
      userId: data.userId,
      amr: data.amr,
      mfaPending: data.mfaPending,
      webauthnChallenge: data.webauthnChallenge ?? null,
      createdAt: data.now,
      expiresAt: new Date(data.now.getTime() + AUTH_CHALLENGE_TTL_MS),
    },
  });
  return { challengeToken };
}

export interface CreateSignInChallengeInput {
  /** Null for a decoy (a sign-up naming an existing email): the challenge never completes. */
  userId: string | null;
  /** What the caller has verified so far (RFC 8176), e.g. ["pwd"]. */
  amr: string[];
  now?: Date;
}

/**
 * Starts a sign-in once a first factor is verified: the browser carries the token to the
 * second-factor step (when the user has a confirmed factor and `amr` holds none yet) and
 * then to `completeSignIn`. Runs inside the caller's transaction when given one.
 * @example const { challengeToken } = await createSignInChallenge(tx, { userId, amr: ["pwd"] });
 */
export async function createSignInChallenge(
  db: Writer,
  { userId, amr, now = new Date() }: CreateSignInChallengeInput,
): Promise<{ challengeToken: string }> {
  const { challengeToken } = await startSignIn(db, { userId, amr, now });
  return { challengeToken };
}

/** `createSignInChallenge`, also saying whether a second factor is owed. */
export async function startSignIn(
  db: Writer,
  { userId, amr, now = new Date() }: CreateSignInChallengeInput,
): Promise<{ challengeToken: string; mfaPending: boolean }> {
  const mfaPending =
    userId !== null && !hasSecondFactor(amr) && (await hasConfirmedFactor(db, userId));
  const { challengeToken } = await createAuthChallenge(db, {
    purpose: "sign_in",
    userId,
    amr,
    mfaPending,
    now,
  });
  return { challengeToken, mfaPending };
}

export function challengeInvalid(): DomainError {
  // One message for unknown, expired, used and decoy tokens: none of them says more.
  return new DomainError(
    "sign_in.challenge_invalid",
    "This sign-in has expired or was already used. Sign in again.",
  );
}

/**
 * A live challenge of this purpose (not consumed, not expired), or `sign_in.challenge_invalid`.
 * Tokens of the wrong shape are refused without a query.
 */
export async function findLiveChallenge(
  db: Writer,
  token: string,
  purpose: AuthChallengePurpose,
  now: Date,
): Promise<AuthChallenge> {
  if (token.length === 0 || token.length > 128) throw challengeInvalid();
  const row = await db.authChallenge.findUnique({ where: { id: authChallengeId(token) } });
  if (!row || row.purpose !== purpose || row.consumedAt || row.expiresAt <= now)
    throw challengeInvalid();
  return row;
}

/**
 * Deletes challenges that expired more than a minute ago (sign-ins never finished, passkey
 * prompts dismissed). For a periodic sweep; live challenges are never touched.
 */
export async function deleteExpiredAuthChallenges(db: Db, now: Date = new Date()): Promise<number> {
  const { count } = await db.authChallenge.deleteMany({
    where: { expiresAt: { lt: new Date(now.getTime() - 60_000) } },
  });
  return count;
}

/**
 * Counts one try at a code on this challenge. Past the limit the sign-in starts over, so
 * every few guesses cost a password check too (the per-account throttle counts as well).
 * @throws sign_in.challenge_invalid
 */
export async function countChallengeAttempt(db: Writer, challengeId: string): Promise<void> {
  const { count } = await db.authChallenge.updateMany({
    where: { id: challengeId, consumedAt: null, attempts: { lt: CHALLENGE_MAX_ATTEMPTS } },
    data: { attempts: { increment: 1 } },
  });
  if (count === 0) {
    throw new DomainError(
      "sign_in.challenge_invalid",
      "Too many wrong codes for this sign-in. Sign in again.",
    );
  }
}

/**
 * Records a second factor on a sign-in that owed one: `amr` gains the method and "mfa", and
 * the sign-in may complete. Conditional, so a challenge consumed meanwhile is left alone.
 */
export async function satisfySecondFactor(
  db: Writer,
  challenge: { id: string; amr: string[] },
  methods: string[],
): Promise<void> {
  const amr = [...new Set([...challenge.amr, ...methods, "mfa"])];
  await db.authChallenge.updateMany({
    where: { id: challenge.id, consumedAt: null },
    data: { amr, mfaPending: false, webauthnChallenge: null },
  });
}
