import type { Db, Prisma } from "@guildhall/db";
import { consoleSessionId } from "./create-console-session.ts";

/**
 * Sign-out: deletes the session, so its cookie stops working everywhere at once, even if
 * a copy of it is replayed. Ending a session that is already gone does nothing.
 * @example await endConsoleSession(db, { token: jwt.sid });
 */
export async function endConsoleSession(db: Db, { token }: { token: unknown }): Promise<void> {
  if (typeof token !== "string" || token.length === 0 || token.length > 128) return;
  await db.consoleSession.deleteMany({ where: { id: consoleSessionId(token) } });
}

/**
 * Ends every console session of a user. Called inside the transaction of the change that
 * requires it, so both happen or neither. On its own for a console role change or removal:
 * those change what the user may do in the console, not in applications, so the user's app
 * sessions and refresh tokens stay (the provider still asks for a new console sign-in before
 * its next authorization, see provider.ts `loginPolicy`). A change to the account itself
 * (password, suspension) ends everything: `endAllUserSessions`.
 */
export async function endUserConsoleSessions(
  tx: Prisma.TransactionClient,
  userId: string,
): Promise<number> {
  const { count } = await tx.consoleSession.deleteMany({ where: { userId } });
  return count;
}

/**
 * Revokes what the user's sign-ins gave applications: the OIDC provider's sessions, grants,
 * refresh tokens, authorization codes and opaque access tokens (every `oidc_models` row
 * whose payload names the user as `accountId`), so an app's refresh token is refused with
 * `invalid_grant` from now on. JWT access tokens already issued stay valid until they expire
 * (minutes: the resource's or application's access-token TTL), as with Auth0 and Logto.
 */
export async function endUserOidcSessions(
  tx: Prisma.TransactionClient,
  userId: string,
): Promise<number> {
  return endUsersOidcSessions(tx, [userId]);
}

/** `endUserOidcSessions` for several users in one statement (bulk deletion). */
export async function endUsersOidcSessions(
  tx: Prisma.TransactionClient,
  userIds: readonly string[],
): Promise<number> {
  if (userIds.length === 0) return 0;
  const { count } = await tx.oidcModel.deleteMany({
    where: { OR: userIds.map((id) => ({ payload: { path: ["accountId"], equals: id } })) },
  });
  return count;
}

/**
 * Ends every session the user has, console and applications alike: for a change to the
 * account itself (new password: whoever knew the old one is signed out everywhere;
 * suspension). Called inside that change's transaction, so all happen or none.
 * @example if (passwordHash !== undefined) await endAllUserSessions(tx, id);
 */
export async function endAllUserSessions(
  tx: Prisma.TransactionClient,
  userId: string,
): Promise<{ consoleSessions: number; oidcModels: number }> {
  const consoleSessions = await endUserConsoleSessions(tx, userId);
  const oidcModels = await endUserOidcSessions(tx, userId);
  return { consoleSessions, oidcModels };
}

/**
 * Ends every session of a user but the one they are using (`keepSessionId`, the row id:
 * `consoleSessionId(token)`): console sessions, and all of the OIDC provider's sessions,
 * grants and refresh tokens (their console session is what the provider reuses for the
 * next authorization, so nothing the user is looking at breaks). For "change password" and
 * "sign out everywhere else". Called inside the change's transaction.
 * @example await endOtherUserSessions(tx, userId, consoleSessionId(currentToken));
 */
export async function endOtherUserSessions(
  tx: Prisma.TransactionClient,
  userId: string,
  keepSessionId: string | null,
): Promise<{ consoleSessions: number; oidcModels: number }> {
  const { count: consoleSessions } = await tx.consoleSession.deleteMany({
    where: { userId, ...(keepSessionId ? { id: { not: keepSessionId } } : {}) },
  });
  const oidcModels = await endUserOidcSessions(tx, userId);
  return { consoleSessions, oidcModels };
}

/** Deletes expired sessions (run periodically; an expired row is already refused). */
export async function deleteExpiredConsoleSessions(
  db: Db,
  now: Date = new Date(),
): Promise<number> {
  const { count } = await db.consoleSession.deleteMany({ where: { expiresAt: { lte: now } } });
  return count;
}
