import type { Db } from "@guildhall/db";
import { signInInput, type SignedInUser, type SignInInput } from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { DomainError } from "../errors.ts";
import { parseInput } from "../parse.ts";
import { isRecordNotFound } from "../prisma-errors.ts";
import { dummyPasswordHash, hashPassword, needsRehash, verifyPassword } from "./password.ts";
import { passThrottle, throttlePolicies } from "./throttle.ts";

export interface VerifyCredentialsOptions {
  /** The caller's address (see clientIp), for the per-IP throttle; null skips it. */
  ip?: string | null;
  /** Injected clock, for the throttle's delays in tests. */
  now?: () => Date;
}

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
 *
 * Brute force: failures are counted per email (known or not, so the throttle does not
 * reveal accounts either) and per IP; after too many, attempts are refused for a delay that
 * doubles with each further failure, without looking at the password, even a right one.
 * @throws auth.invalid_credentials, user.suspended, rate_limited
 * @example const user = await verifyCredentials(db, { email, password }, { ip: clientIp(req) });
 */
export async function verifyCredentials(
  db: Db,
  input: SignInInput,
  options: VerifyCredentialsOptions = {},
): Promise<SignedInUser> {
  const { email, password } = parseInput(signInInput, input);
  const gate = await passThrottle(
    db,
    [
      {
        key: `sign_in:account:${email}`,
        policy: throttlePolicies.signInAccount,
        onSuccess: "reset",
      },
      ...(options.ip
        ? [
            {
              key: `sign_in:ip:${options.ip}`,
              policy: throttlePolicies.signInIp,
              onSuccess: "release" as const,
            },
          ]
        : []),
    ],
    options.now,
  );
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
  // The password is right: not a failure, even if the account turns out to be suspended.
  await gate.succeeded();
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
