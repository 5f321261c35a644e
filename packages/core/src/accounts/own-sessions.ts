import {
  endOwnSessionInput,
  text,
  type EndOwnSessionInput,
  type OwnSession,
} from "@guildhall/validators";
import { z } from "zod";
import { consoleSessionId } from "../console-sessions/create-console-session.ts";
import { endOtherUserSessions } from "../console-sessions/end-console-session.ts";
import { now, type ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { parseInput } from "../parse.ts";
import { selfUserId } from "./self.ts";

const sessionToken = text().min(1).max(128);
const listInput = z.object({ currentToken: sessionToken.optional() });
const othersInput = z.object({ currentToken: sessionToken });

/**
 * The user's live console sessions, most recently used first; `current` marks the one
 * `currentToken` (the request's session token) names. Only the owner sees them: the
 * address and user agent are theirs.
 * @throws auth.forbidden
 */
export async function listOwnSessions(
  ctx: ServiceContext,
  input: { currentToken?: string | undefined } = {},
): Promise<OwnSession[]> {
  const userId = selfUserId(ctx);
  const { currentToken } = parseInput(listInput, input);
  const currentId = currentToken ? consoleSessionId(currentToken) : null;
  const rows = await ctx.db.consoleSession.findMany({
    where: { userId, expiresAt: { gt: now(ctx) } },
    orderBy: [{ lastSeenAt: "desc" }, { id: "asc" }],
    select: { id: true, createdAt: true, lastSeenAt: true, userAgent: true, ip: true },
  });
  return rows.map((row) => ({ ...row, current: row.id === currentId }));
}

/**
 * Signs one of the user's sessions out (the id from `listOwnSessions`); another user's
 * session id is "not found", as an unknown one.
 * @throws session.not_found, auth.forbidden
 */
export async function endOwnSession(ctx: ServiceContext, input: EndOwnSessionInput): Promise<void> {
  const userId = selfUserId(ctx);
  const { sessionId } = parseInput(endOwnSessionInput, input);
  const { count } = await ctx.db.consoleSession.deleteMany({ where: { id: sessionId, userId } });
  if (count === 0) {
    throw new DomainError("session.not_found", "This session has already ended.", { sessionId });
  }
}

/**
 * "Sign out everywhere else": ends every other console session and every application
 * session, grant and refresh token of the user; the current session stays.
 * @throws auth.forbidden
 */
export async function endOwnOtherSessions(
  ctx: ServiceContext,
  input: { currentToken: string },
): Promise<void> {
  const userId = selfUserId(ctx);
  const { currentToken } = parseInput(othersInput, input);
  await ctx.db.$transaction((tx) =>
    endOtherUserSessions(tx, userId, consoleSessionId(currentToken)),
  );
}
