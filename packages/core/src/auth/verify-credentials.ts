import type { Db } from "@guildhall/db";
import { signInInput, type SignedInUser, type SignInInput } from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { DomainError } from "../errors.ts";
import { parseInput } from "../parse.ts";
import { isRecordNotFound } from "../prisma-errors.ts";
import { dummyPasswordHash, hashPassword, needsRehash, verifyPassword } from "./password.ts";

function invalidCredentials() {
  // One message for "no such email", "no password set" and "wrong password".
  return new DomainError("auth.invalid_credentials", "The email or password is incorrect.");
}

/**
 * Checks an email and password (console sign-in). On success records the sign-in and
 * returns who signed in, with their console role if they have one.
 *
 * An unknown email costs the same hash comparison as a wrong password, so response time
 * does not reveal which emails have accounts. Suspension is only reported to someone who
 * knows the password.
 * @throws auth.invalid_credentials, user.suspended
 * @example const user = await verifyCredentials(db, { email, password });
 */
export async function verifyCredentials(db: Db, input: SignInInput): Promise<SignedInUser> {
  const { email, password } = parseInput(signInInput, input);
  const user = await db.user.findUnique({
    where: { email },
    select: {
      id: true,
      email: true,
      name: true,
      passwordHash: true,
      suspendedAt: true,
      consoleMember: { select: { role: true } },
    },
  });
  const matches = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (!user?.passwordHash || !matches) throw invalidCredentials();
  if (user.suspendedAt) {
    throw new DomainError(
      "user.suspended",
      "This account is suspended. Ask an administrator to restore it.",
    );
  }
  // Upgrade hashes made with older parameters while the password is at hand.
  const passwordHash = needsRehash(user.passwordHash) ? await hashPassword(password) : undefined;
  try {
    await db.$transaction(async (tx) => {
      await tx.user.update({
        where: { id: user.id },
        data: { lastSignInAt: new Date(), passwordHash },
      });
      await recordAudit(
        tx,
        { db, actor: { type: "user", userId: user.id } },
        { action: "user.signed_in", targetType: "user", targetId: user.id },
      );
    });
  } catch (error) {
    // Deleted between the check and the update.
    if (isRecordNotFound(error)) throw invalidCredentials();
    throw error;
  }
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    consoleRole: user.consoleMember?.role ?? null,
  };
}
