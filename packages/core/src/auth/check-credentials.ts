import type { Db } from "@guildhall/db";
import { signInInput, type SignedInUser, type SignInInput } from "@guildhall/validators";
import { DomainError } from "../errors.ts";
import { parseInput } from "../parse.ts";
import { isRecordNotFound } from "../prisma-errors.ts";
import { ssoSignInRequirement } from "../sso/sso-requirement.ts";
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
  // One message for "no such email", "no password set" and "wrong password".
  return new DomainError("auth.invalid_credentials", "The email or password is incorrect.");
}

/**
 * The password check, the one place it happens: returns who the email and password belong
 * to, without signing them in (that is `completeSignIn`, once any second factor is done).
 *
 * An unknown email costs the same hash comparison as a wrong password, so response time
 * does not reveal which emails have accounts. Suspension is only reported to someone who
 * knows the password. A hash made with older parameters is replaced while the password is
 * at hand.
 *
 * Brute force: failures are counted per email (known or not, so the throttle does not
 * reveal accounts either) and per IP; after too many, attempts are refused for a delay that
 * doubles with each further failure, without looking at the password, even a right one.
 * An email whose domain must sign in through SSO (see `ssoSignInRequirement`) is refused
 * with `sign_in.sso_required` before its password is checked.
 * @throws auth.invalid_credentials, user.suspended, rate_limited, sign_in.sso_required
 */
export async function checkCredentials(
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
  // Before the password is looked at, so the refusal says nothing about it or the account:
  // only that the domain signs in through SSO, which the sign-in page shows for it anyway.
  const sso = await ssoSignInRequirement(db, { email });
  if (sso && !sso.allowPasswordSignIn) {
    await gate.released();
    throw ssoRequired(sso);
  }
  const user = await db.user.findUnique({
    where: { email },
    select: { ...signedInUserSelect, passwordHash: true },
  });
  const matches = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (!user?.passwordHash || !matches) throw invalidCredentials();
  // The password is right: not a failure, even if the account turns out to be suspended.
  await gate.succeeded();
  if (user.suspendedAt) throw userSuspended();
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

function ssoRequired(sso: { connectorId: string | null; connectorName: string }) {
  return new DomainError(
    "sign_in.sso_required",
    `This email address signs in with single sign-on: continue with ${sso.connectorName}.`,
    { connectorId: sso.connectorId },
  );
}

export function userSuspended() {
  return new DomainError(
    "user.suspended",
    "This account is suspended. Ask an administrator to restore it.",
  );
}
