import "server-only";
import { getConsoleSessionUser } from "@guildhall/core";
import type { Db } from "@guildhall/db";

export type ConsoleRole = "admin" | "collaborator";

export interface SessionUser {
  id: string;
  /** Null for a user who has only a username. */
  email: string | null;
  username: string | null;
  name: string | null;
  /** Null: signed in, but not a console member (sees the "no console access" page). */
  consoleRole: ConsoleRole | null;
}

/**
 * The user of the console session a cookie names (its `sid`), as the database says now:
 * one primary-key read per session fetch, so sign-out, a password change, suspension, a role
 * change or deletion takes effect on the next request. Null when the session has ended.
 */
export async function loadSessionUser(db: Db, sessionToken: unknown): Promise<SessionUser | null> {
  return getConsoleSessionUser(db, { token: sessionToken });
}
