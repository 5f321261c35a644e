import type { Db } from "@guildhall/db";
import {
  email,
  signInInput,
  username,
  type SignedInUser,
  type SignInInput,
} from "@guildhall/validators";
import { DomainError } from "../errors.ts";
import { parseInput } from "../parse.ts";
import { isRecordNotFound } from "../prisma-errors.ts";
import { ssoSignInRequirement } from "../sso/sso-requirement.ts";
import { findUserIdByUsername } from "../users/identifiers.ts";
import { dummyPasswordHash, hashPassword, needsRehash, verifyPassword } from "./password.ts";
import { passThrottle, throttlePolicies } from "./throttle.ts";
import { signedInUserSelect, toSignedInUser } from "./signed-in-user.ts";

export interface VerifyCredentialsOptions {
  /** The caller's address (see clientIp), for the per-IP throttle; null skips it. */
  ip?: string | null;
  /** Injected clock, for the throttle's delays in tests. */
  now?: () => Date;
}

export function invalidCredentials() {
  // One message for "no such account", "no password set" and "wrong password".
  return new DomainError(
    "auth.invalid_credentials",
    "The email, username or password is incorrect.",
  );
}

/**
 * What a sign-in identifier names: an email address (it has an `@`; matched lower-cased)
 * or a username (Logto's characters; matched regardless of case). Anything else is
 * refused before any lookup.
 * @throws guard.invalid_input
 */
export function parseSignInIdentifier(
  identifier: string,
): { kind: "email"; email: string } | { kind: "username"; username: string } {
  if (identifier.includes("@")) {
    const parsed = email.safeParse(identifier);
    if (parsed.success) return { kind: "email", email: parsed.data };
  } else if (username.safeParse(identifier).success) {
    return { kind: "username", username: identifier };
  }
  const message = "Enter a valid email address or username";
  throw new DomainError("guard.invalid_input", message, {
    issues: [{ path: ["identifier"], message }],
  });
}

/**
 * The password check, the one place it happens: returns who the identifier (an email or a
 * username, see `parseSignInIdentifier`) and password belong to, without signing them in
 * (that is `completeSignIn`, once any second factor is done).
 *
 * An unknown account costs the same hash comparison as a wrong password, so response time
 * does not reveal which emails or usernames have accounts. Suspension is only reported to
 * someone who knows the password. A hash made with older parameters, or a digest imported
 * from another system, is replaced while the password is at hand.
 *
 * Brute force: failures are counted per identifier (the lower-cased email or username,
 * known or not, so the throttle does not reveal accounts either) and per IP; after too
 * many, attempts are refused for a delay that doubles with each further failure, without
 * looking at the password, even a right one. An email whose domain must sign in through
 * SSO (see `ssoSignInRequirement`) is refused with `sign_in.sso_required` before its
 * password is checked; signing in with the username of such an account is refused too,
 * once the password is known to be right (before, it would tell that the username exists).
 * @throws guard.invalid_input, auth.invalid_credentials, user.suspended, rate_limited,
 *   sign_in.sso_required
 */
export async function checkCredentials(
  db: Db,
  input: SignInInput,
  options: VerifyCredentialsOptions = {},
): Promise<SignedInUser> {
  const { identifier, password } = parseInput(signInInput, input);
  const id = parseSignInIdentifier(identifier);
  // Emails contain "@" and usernames cannot, so the two never share a key.
  const accountKey = id.kind === "email" ? id.email : id.username.toLowerCase();
  const gate = await passThrottle(
    db,
    [
      {
        key: `sign_in:account:${accountKey}`,
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
  // Before the password is looked at, so the refusal says nothing about it or the account:
  // only that the domain signs in through SSO, which the sign-in page shows for it anyway.
  if (id.kind === "email") {
    const sso = await ssoSignInRequirement(db, { email: id.email });
    if (sso && !sso.allowPasswordSignIn) {
      await gate.released();
      throw ssoRequired(sso);
    }
  }
  // A username goes through the lower(username) index to the user's id.
  const where =
    id.kind === "email"
      ? { email: id.email }
      : await findUserIdByUsername(db, id.username).then((found) => (found ? { id: found } : null));
  const user =
    where &&
    (await db.user.findUnique({ where, select: { ...signedInUserSelect, passwordHash: true } }));
  const matches = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (!user?.passwordHash || !matches) throw invalidCredentials();
  // The password is right: not a failure, even if the account turns out to be suspended.
  await gate.succeeded();
  if (user.suspendedAt) throw userSuspended();
  if (id.kind === "username" && user.email) {
    const sso = await ssoSignInRequirement(db, { email: user.email });
    if (sso && !sso.allowPasswordSignIn) throw ssoRequired(sso, "This account");
  }
  if (needsRehash(user.passwordHash)) {
    const passwordHash = await hashPassword(password);
    try {
      await db.user.update({ where: { id: user.id }, data: { passwordHash } });
    } catch (error) {
      // Deleted between the check and the update.
      if (isRecordNotFound(error)) throw invalidCredentials();
      throw error;
    }
  }
  return toSignedInUser(user);
}

function ssoRequired(
  sso: { connectorId: string | null; connectorName: string },
  what = "This email address",
) {
  return new DomainError(
    "sign_in.sso_required",
    `${what} signs in with single sign-on: continue with ${sso.connectorName}.`,
    { connectorId: sso.connectorId },
  );
}

export function userSuspended() {
  return new DomainError(
    "user.suspended",
    "This account is suspended. Ask an administrator to restore it.",
  );
}
