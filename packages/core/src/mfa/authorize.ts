import type { Prisma } from "@guildhall/db";
import { prismaStatement, sqlTable } from "@guildhall/db/sql";
import { assertMayManageAccount } from "../console-members/protect-admin-accounts.ts";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { userNotFound } from "../users/get-user.ts";

const users = sqlTable("User");
const LOCK_USER_SQL = prismaStatement(
  `SELECT ${users.col.id} FROM ${users.ref} WHERE ${users.col.id} = $1 FOR UPDATE`,
);

/** True when the caller is the user themself (signed in to their account or the console). */
export function isSelf(ctx: ServiceContext, userId: string): boolean {
  return (ctx.actor.type === "user" || ctx.actor.type === "console") && ctx.actor.userId === userId;
}

/**
 * Enrolling a factor is for the user themself: a factor someone else chose would be their
 * way into the account.
 * @throws auth.forbidden
 */
export function assertSelf(ctx: ServiceContext, userId: string): void {
  if (isSelf(ctx, userId)) return;
  throw new DomainError("auth.forbidden", "Only the user themself can add a second factor.");
}

/**
 * Seeing a user's factors (names and dates, no secrets): the user themself, the console and
 * the Management API.
 * @throws auth.forbidden
 */
export function assertSelfOrTenantManager(ctx: ServiceContext, userId: string): void {
  if (isSelf(ctx, userId)) return;
  assertCanManageTenant(ctx);
}

/**
 * Removing factors: the user themself, or the console and Management API under the account
 * rules (a collaborator cannot reset a console admin's MFA: it weakens a stronger account).
 * @throws auth.forbidden
 */
export async function assertSelfOrManager(
  tx: Prisma.TransactionClient,
  ctx: ServiceContext,
  userId: string,
): Promise<void> {
  if (isSelf(ctx, userId)) return;
  assertCanManageTenant(ctx);
  await assertMayManageAccount(tx, ctx, userId);
}

/**
 * Locks the user's row for the transaction, so changes to one user's factors queue (two
 * enrolments at once cannot both pass the "already enrolled" check).
 * @throws user.not_found
 */
export async function lockUser(tx: Prisma.TransactionClient, userId: string): Promise<void> {
  const rows = await tx.$queryRaw<unknown[]>(LOCK_USER_SQL, userId);
  if (rows.length === 0) throw userNotFound(userId);
}
