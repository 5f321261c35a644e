import { createHash, randomBytes } from "node:crypto";
import type { Db, Prisma } from "@guildhall/db";

/** A session unused this long ends (the next-auth cookie lives as long). */
export const CONSOLE_SESSION_IDLE_MS = 30 * 24 * 60 * 60 * 1000;
/** `lastSeenAt` (and the idle expiry) move at most this often, so most requests stay read-only. */
export const CONSOLE_SESSION_TOUCH_MS = 5 * 60 * 1000;

/**
 * The row id for a session token: its SHA-256. The token itself only travels inside the
 * encrypted cookie, so a copy of the table cannot be replayed as a session.
 */
export function consoleSessionId(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

export interface CreateConsoleSessionInput {
  userId: string;
  /** For the owner's "your sessions" list; cut to 512 characters. */
  userAgent?: string | null;
  /**
   * Stored as is (not hashed): its only use is to show the owner where a session was
   * opened, which a hash cannot do; the row, and the address with it, goes when the
   * session ends or expires.
   */
  ip?: string | null;
  /** How the user signed in (RFC 8176: pwd, otp, hwk, mfa), from `completeSignIn`. */
  amr?: string[];
  now?: Date;
}

/**
 * Opens a console session after a successful sign-in and returns its token, the random
 * secret the session cookie carries. Also clears the user's expired sessions.
 * @example const { token } = await createConsoleSession(db, { userId, userAgent, ip });
 */
export async function createConsoleSession(
  db: Db | Prisma.TransactionClient,
  { userId, userAgent, ip, amr = [], now = new Date() }: CreateConsoleSessionInput,
): Promise<{ token: string; id: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const id = consoleSessionId(token);
  const expiresAt = new Date(now.getTime() + CONSOLE_SESSION_IDLE_MS);
  await db.consoleSession.deleteMany({ where: { userId, expiresAt: { lte: now } } });
  await db.consoleSession.create({
    data: {
      id,
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
      userAgent: userAgent?.slice(0, 512) || null,
      ip: ip?.slice(0, 64) || null,
      amr,
    },
  });
  return { token, id, expiresAt };
}
