import type { Db } from "@guildhall/db";
import type { SignedInUser } from "@guildhall/validators";
import {
  CONSOLE_SESSION_IDLE_MS,
  CONSOLE_SESSION_TOUCH_MS,
  consoleSessionId,
} from "./create-console-session.ts";
import { signedInUserSelect, toSignedInUser } from "../auth/signed-in-user.ts";

/** A live console session: its user, and how that user proved who they are at sign-in. */
export interface LiveConsoleSession {
  user: SignedInUser;
  /** RFC 8176 method references (pwd, otp, hwk, mfa, ...): the ID token's `amr`. */
  amr: string[];
}

/**
 * The user of a console session (see getConsoleSession), or null.
 * @example const user = await getConsoleSessionUser(db, { token: jwt.sid });
 */
export async function getConsoleSessionUser(
  db: Db,
  input: { token: unknown; now?: Date },
): Promise<SignedInUser | null> {
  return (await getConsoleSession(db, input))?.user ?? null;
}

/**
 * A console session, as the database says now, or null when the session was
 * ended (sign-out, password change, suspension, role change, deletion), has expired, or the
 * user is suspended. One primary-key read joined to the user per request; every few
 * minutes also one write that records activity and moves the idle expiry.
 */
export async function getConsoleSession(
  db: Db,
  { token, now = new Date() }: { token: unknown; now?: Date },
): Promise<LiveConsoleSession | null> {
  // Our tokens are 43 characters; anything else cannot name a session.
  if (typeof token !== "string" || token.length === 0 || token.length > 128) return null;
  const id = consoleSessionId(token);
  const session = await db.consoleSession.findUnique({
    where: { id },
    select: {
      expiresAt: true,
      lastSeenAt: true,
      amr: true,
      user: { select: signedInUserSelect },
    },
  });
  if (!session || session.expiresAt <= now || session.user.suspendedAt) return null;
  if (now.getTime() - session.lastSeenAt.getTime() >= CONSOLE_SESSION_TOUCH_MS) {
    // updateMany: a session ended in the meantime is not an error here.
    await db.consoleSession.updateMany({
      where: { id },
      data: { lastSeenAt: now, expiresAt: new Date(now.getTime() + CONSOLE_SESSION_IDLE_MS) },
    });
  }
  const { user } = session;
  return {
    user: toSignedInUser(user),
    amr: session.amr,
  };
}
