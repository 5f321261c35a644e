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
  await assertKeepsAnActiveAdminWithout(tx, [userId]);
}

/**
 * `assertKeepsAnActiveAdmin` for a change to several users at once (bulk deletion): refused
 * when no active admin would be left outside `userIds`, while one of them is an admin.
 * @throws console_member.last_admin (`userId`: the first admin among them)
 */
export async function assertKeepsAnActiveAdminWithout(
  tx: Prisma.TransactionClient,
  userIds: readonly string[],
): Promise<void> {
  await tx.$queryRaw(LOCK_ADMINS_SQL);
  const admins = await tx.$queryRaw<{ userId: string; suspended: boolean }[]>(ADMINS_SQL);
  const changed = new Set(userIds);
  const affected = admins.find((a) => changed.has(a.userId));
  if (!affected) return;
  if (admins.some((a) => !changed.has(a.userId) && !a.suspended)) return;
  throw new DomainError(
    "console_member.last_admin",
    userIds.length === 1
      ? "This is the last active console admin. Make another member an admin first."
      : "These include the last active console admin. Make another member an admin first.",
    { userId: affected.userId },
  );
}
