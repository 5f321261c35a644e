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
  if (isAdminOrManagementApi(ctx.actor)) return;
  const member = await tx.consoleMember.findUnique({ where: { userId }, select: { role: true } });
  if (member?.role === "admin") {
    throw new DomainError(
      "auth.forbidden",
      "Only console admins can change, suspend or delete a console admin's account.",
    );
  }
}
