import type { Prisma } from "@guildhall/db";
import { prismaStatement, sqlTable } from "@guildhall/db/sql";
import type { ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { userNotFound } from "../users/get-user.ts";

/**
 * The account a self-service call acts on: the signed-in end user, or a console member on
 * their own account (the account page is the same for both). Nobody else has an "own"
 * account: the Management API and the system act on users through the admin services.
 * @throws auth.forbidden
 */
export function selfUserId(ctx: ServiceContext): string {
  switch (ctx.actor.type) {
    case "user":
    case "console":
      return ctx.actor.userId;
    case "management_api":
    case "system":
      throw new DomainError(
        "auth.forbidden",
        "This action is for a signed-in user, on their own account.",
      );
  }
}

/** Whether the actor is the user themself (end user or console member). */
export function isSelf(ctx: ServiceContext, userId: string): boolean {
  return (ctx.actor.type === "user" || ctx.actor.type === "console") && ctx.actor.userId === userId;
}

const users = sqlTable("User");
const LOCK_USER_SQL = prismaStatement(
  `SELECT ${users.col.id} FROM ${users.ref} WHERE ${users.col.id} = $1 FOR UPDATE`,
);

/**
 * Locks the user's row for the rest of the transaction, so concurrent requests for the
 * same account (two resends) queue and each sees what the one before it wrote.
 * @throws user.not_found
 */
export async function lockUser(tx: Prisma.TransactionClient, userId: string): Promise<void> {
  const rows = await tx.$queryRaw<{ id: string }[]>(LOCK_USER_SQL, userId);
  if (rows.length === 0) throw userNotFound(userId);
}
