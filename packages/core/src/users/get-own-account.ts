import type { OwnAccount } from "@guildhall/validators";
import type { ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { actorUserId } from "../invitations/select.ts";
import { userNotFound } from "./get-user.ts";

/**
 * The signed-in user's own account, for the account page. Reads only the actor's own row,
 * so any signed-in account may call it; never the password hash, only whether there is one.
 * @throws auth.unauthenticated, user.not_found
 */
export async function getOwnAccount(ctx: ServiceContext): Promise<OwnAccount> {
  const userId = actorUserId(ctx.actor);
  if (!userId) throw new DomainError("auth.unauthenticated", "Sign in to see your account.");
  const row = await ctx.db.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      username: true,
      name: true,
      avatarUrl: true,
      emailVerifiedAt: true,
      passwordHash: true,
    },
  });
  if (!row) throw userNotFound(userId);
  return {
    id: row.id,
    email: row.email,
    username: row.username,
    name: row.name,
    avatarUrl: row.avatarUrl,
    emailVerified: row.emailVerifiedAt !== null,
    hasPassword: row.passwordHash !== null,
  };
}
