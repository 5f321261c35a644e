import type { Prisma } from "@guildhall/db";
import { isAdminOrManagementApi, type ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";

/**
 * Collaborators manage everything but console members; deleting, suspending or taking
 * over (email, password) a console admin's account would be a way around that. The same
 * privilege rule as `assertMayChangeCredentials`, for accounts: no caller obtains or
 * changes a credential more powerful than its own.
 */
export async function assertMayManageAccount(
  tx: Prisma.TransactionClient,
  ctx: ServiceContext,
  userId: string,
) {
  if (await mayManageAccount(tx, ctx, userId)) return;
  throw new DomainError(
    "auth.forbidden",
    "Only console admins can change, suspend or delete a console admin's account.",
  );
}

/** `assertMayManageAccount` for several accounts at once (bulk deletion), in one query. */
export async function assertMayManageAccounts(
  tx: Prisma.TransactionClient,
  ctx: ServiceContext,
  userIds: readonly string[],
) {
  if (isAdminOrManagementApi(ctx.actor)) return;
  const admin = await tx.consoleMember.findFirst({
    where: { userId: { in: [...userIds] }, role: "admin" },
    select: { userId: true },
  });
  if (!admin) return;
  throw new DomainError(
    "auth.forbidden",
    "Only console admins can change, suspend or delete a console admin's account.",
    { userId: admin.userId },
  );
}

/** The rule of `assertMayManageAccount` as a boolean (the console disables what it would refuse). */
export async function mayManageAccount(
  tx: Prisma.TransactionClient,
  ctx: ServiceContext,
  userId: string,
): Promise<boolean> {
  if (isAdminOrManagementApi(ctx.actor)) return true;
  const member = await tx.consoleMember.findUnique({ where: { userId }, select: { role: true } });
  return member?.role !== "admin";
}
