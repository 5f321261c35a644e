import type { OneTimeCodePurpose, Prisma } from "@guildhall/db";
import { tooManyAttempts } from "../auth/throttle.ts";

/** At least this long between two emails with a code, per user and purpose. */
export const RESEND_INTERVAL_MS = 60_000;
/** At most this many such emails per user and purpose in RESEND_WINDOW_MS. */
export const RESEND_LIMIT = 5;
export const RESEND_WINDOW_MS = 60 * 60_000;

/**
 * Refuses another code email for the user too soon after the last one, or past the hourly
 * limit, from the code rows themselves (every email with a code has one). Call it in the
 * transaction that issues the code, after `lockUser`, so two resends at once cannot both
 * pass.
 * @throws rate_limited (`retryAfterSeconds`)
 */
export async function assertResendAllowed(
  tx: Prisma.TransactionClient,
  userId: string,
  purpose: OneTimeCodePurpose,
  at: Date,
): Promise<void> {
  await assertResendAllowedFor(tx, { userId }, purpose, at);
}

/**
 * As assertResendAllowed, for the codes of a user, or for the decoys of one address (a
 * sign-up that named an existing account): decoys are limited alike, so the limit does not
 * tell them apart.
 */
export async function assertResendAllowedFor(
  tx: Prisma.TransactionClient,
  owner: { userId: string } | { decoyEmail: string },
  purpose: OneTimeCodePurpose,
  at: Date,
): Promise<void> {
  const whose =
    "userId" in owner ? { userId: owner.userId } : { userId: null, email: owner.decoyEmail };
  const recent = await tx.oneTimeCode.findMany({
    where: { ...whose, purpose, createdAt: { gt: new Date(at.getTime() - RESEND_WINDOW_MS) } },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true },
  });
  const waits: number[] = [];
  const latest = recent[0];
  if (latest) waits.push(latest.createdAt.getTime() + RESEND_INTERVAL_MS - at.getTime());
  const oldestCounted = recent[RESEND_LIMIT - 1];
  if (oldestCounted)
    waits.push(oldestCounted.createdAt.getTime() + RESEND_WINDOW_MS - at.getTime());
  const wait = Math.max(0, ...waits);
  if (wait > 0) throw tooManyAttempts(Math.ceil(wait / 1000));
}
