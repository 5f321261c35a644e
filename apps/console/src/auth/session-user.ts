import "server-only";
import type { Db } from "@guildhall/db";

export type ConsoleRole = "admin" | "collaborator";

export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
  /** Null: signed in, but not a console member (sees the "no console access" page). */
  consoleRole: ConsoleRole | null;
}

/**
 * The signed-in user as the database says now: one primary-key read per session fetch,
 * so a demotion, suspension or deletion takes effect on the next request. Null when the
 * user no longer exists or is suspended.
 */
export async function loadSessionUser(db: Db, userId: string): Promise<SessionUser | null> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, name: true, suspendedAt: true, consoleMember: { select: { role: true } } },
  });
  if (!user || user.suspendedAt) return null;
  return { id: user.id, email: user.email, name: user.name, consoleRole: user.consoleMember?.role ?? null };
}
