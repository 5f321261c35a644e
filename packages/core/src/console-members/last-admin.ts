import type { Prisma } from "@guildhall/db";
import { prismaStatement, sqlTable } from "@guildhall/db/sql";
import { DomainError } from "../errors.ts";

const cm = sqlTable("ConsoleMember", "cm");
const u = sqlTable("User", "u");
const LOCK_ADMINS_SQL = prismaStatement(
  `SELECT ${cm.col.userId} FROM ${cm.ref} WHERE ${cm.col.role} = 'admin' ORDER BY ${cm.col.userId} FOR UPDATE`,
);
const ADMINS_SQL = prismaStatement(`
  SELECT ${cm.col.userId}, (${u.col.suspendedAt} IS NOT NULL) AS suspended
  FROM ${cm.ref} JOIN ${u.ref} ON ${u.col.id} = ${cm.col.userId}
  WHERE ${cm.col.role} = 'admin'`);

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
  await tx.$queryRaw(LOCK_ADMINS_SQL);
  const admins = await tx.$queryRaw<{ userId: string; suspended: boolean }[]>(ADMINS_SQL);
  if (!admins.some((a) => a.userId === userId)) return;
  if (admins.some((a) => a.userId !== userId && !a.suspended)) return;
  throw new DomainError(
    "console_member.last_admin",
    "This is the last active console admin. Make another member an admin first.",
    { userId },
  );
}
