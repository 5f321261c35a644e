import type { Prisma } from "@guildhall/db";
import { DomainError } from "../errors.ts";

/**
 * Refuses a change that would leave the console without an active admin: removing,
 * demoting, suspending or deleting `userId` while they are the only admin who is not
 * suspended. Without an admin nobody can manage the console, and setup would reopen.
 *
 * Call it inside the transaction that makes the change, before making it. It locks the
 * admin rows (`FOR UPDATE`), so concurrent changes queue here; the count is then read in a
 * second statement, whose fresh snapshot sees whatever the transaction ahead committed.
 * @throws console_member.last_admin
 */
export async function assertKeepsAnActiveAdmin(
  tx: Prisma.TransactionClient,
  userId: string,
): Promise<void> {
  await tx.$queryRaw`
    SELECT "userId" FROM console_members WHERE role = 'admin' ORDER BY "userId" FOR UPDATE`;
  const admins = await tx.$queryRaw<{ userId: string; suspended: boolean }[]>`
    SELECT cm."userId", (u."suspendedAt" IS NOT NULL) AS suspended
    FROM console_members cm JOIN users u ON u.id = cm."userId"
    WHERE cm.role = 'admin'`;
  if (!admins.some((a) => a.userId === userId)) return;
  if (admins.some((a) => a.userId !== userId && !a.suspended)) return;
  throw new DomainError(
    "console_member.last_admin",
    "This is the last active console admin. Make another member an admin first.",
    { userId },
  );
}
