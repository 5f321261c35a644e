import type { Prisma } from "@guildhall/db";
import { prismaStatement, sqlTable } from "@guildhall/db/sql";
import { DomainError } from "../errors.ts";
import { isUniqueViolation } from "../prisma-errors.ts";

// The one home of the rules on a user's identifiers (email, username, phone): who holds
// one, what a conflict answers, and what needs an email. Email is stored lower-cased (its
// unique index is case-insensitive that way); a username is kept as typed and unique by
// lower(username) (the expression index users_username_unique_expr_idx); a phone number is
// digits only.

type Reader = Pick<Prisma.TransactionClient, "$queryRaw">;

const u = sqlTable("User");
const BY_USERNAME_SQL = prismaStatement(
  `SELECT ${u.col.id} FROM ${u.ref} WHERE lower(${u.col.username}) = lower($1) LIMIT 1`,
);

/** The id of the user whose username is `username` in any case (served by the lower() index). */
export async function findUserIdByUsername(db: Reader, username: string): Promise<string | null> {
  const [row] = await db.$queryRaw<{ id: string }[]>(BY_USERNAME_SQL, username);
  return row?.id ?? null;
}

export interface UserIdentifiers {
  email?: string | null;
  username?: string | null;
  primaryPhone?: string | null;
}

/**
 * Refuses identifiers another user already holds (the user `exceptUserId` may keep its
 * own). Checked in the order Logto checks them: username, email, phone. The unique indexes
 * still decide races (see `translateIdentifierConflicts`).
 * @throws user.username_taken, user.email_taken, user.phone_taken
 */
export async function assertIdentifiersFree(
  tx: Prisma.TransactionClient,
  ids: UserIdentifiers,
  exceptUserId?: string,
): Promise<void> {
  const other = (id: string | null | undefined) => id != null && id !== exceptUserId;
  if (ids.username && other(await findUserIdByUsername(tx, ids.username)))
    throw usernameTaken(ids.username);
  if (ids.email) {
    const holder = await tx.user.findUnique({ where: { email: ids.email }, select: { id: true } });
    if (other(holder?.id)) throw emailTaken(ids.email);
  }
  if (ids.primaryPhone) {
    const holder = await tx.user.findUnique({
      where: { primaryPhone: ids.primaryPhone },
      select: { id: true },
    });
    if (other(holder?.id)) throw phoneTaken(ids.primaryPhone);
  }
}

/**
 * Runs a user write and says a unique violation on an identifier (a concurrent write took
 * it after `assertIdentifiersFree`) as that identifier's conflict.
 */
export async function translateIdentifierConflicts<T>(
  write: () => Promise<T>,
  ids: UserIdentifiers,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (ids.email && isUniqueViolation(error, "users_email_key")) throw emailTaken(ids.email);
    if (ids.primaryPhone && isUniqueViolation(error, "users_primaryPhone_key"))
      throw phoneTaken(ids.primaryPhone);
    if (ids.username && isUniqueViolation(error, "users_username_unique_expr_idx"))
      throw usernameTaken(ids.username);
    throw error;
  }
}

export function emailTaken(email: string) {
  return new DomainError("user.email_taken", `A user with the email "${email}" already exists.`, {
    email,
  });
}

export function usernameTaken(username: string) {
  return new DomainError(
    "user.username_taken",
    `A user with the username "${username}" already exists (usernames ignore case).`,
    { username },
  );
}

export function phoneTaken(primaryPhone: string) {
  return new DomainError(
    "user.phone_taken",
    `A user with the phone number "${primaryPhone}" already exists.`,
    { primaryPhone },
  );
}

/**
 * The user's email, or `user.email_missing`: invitations, password resets and verification
 * emails need an address, and a user created with only a username or phone has none.
 */
export function requireEmail<U extends { id: string; email: string | null }>(
  user: U,
  purpose: string,
): U & { email: string } {
  if (user.email === null) throw emailMissing(user.id, purpose);
  return user as U & { email: string };
}

export function emailMissing(userId: string, purpose: string) {
  return new DomainError(
    "user.email_missing",
    `This user has no email address, so ${purpose}. Add an email address to the user first.`,
    { userId },
  );
}
