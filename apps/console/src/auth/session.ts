import "server-only";
import type { ConsoleSession } from "@guildhall/api";
import { databaseUnavailable } from "@guildhall/core";
import { getServerSession } from "next-auth";
import { cache } from "react";
import { authOptions, type ConsoleAuthSession } from "./options";
import type { SessionUser } from "./session-user";
import { getSessionToken } from "./session-token";

/**
 * The signed-in user for this request (deduplicated per render), or null.
 * @throws DomainError database.unavailable when the session could not be checked
 */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const session: ConsoleAuthSession | null = await getServerSession(authOptions);
  if (session?.unavailable) throw databaseUnavailable();
  return session?.user ?? null;
});

/** The session as the tRPC context wants it. */
export async function getConsoleSession(): Promise<ConsoleSession | null> {
  const user = await getSessionUser();
  if (!user) return null;
  return {
    userId: user.id,
    email: user.email,
    consoleRole: user.consoleRole,
    sessionToken: await getSessionToken(),
  };
}
