// Test-only helpers for MFA: codes computed with the same library an authenticator app uses.
import type { Db } from "@guildhall/db";
import { Secret, TOTP } from "otpauth";
import { flowOptions, type testClock } from "../accounts/test-kit.ts";
import type { ServiceContext } from "../context.ts";
import { confirmTotpEnrollment } from "./confirm-totp-enrollment.ts";
import { startTotpEnrollment } from "./start-totp-enrollment.ts";

/** The code an authenticator app shows at `at` for this base32 secret. */
export function totpCodeAt(secret: string, at: Date): string {
  const totp = new TOTP({
    secret: Secret.fromBase32(secret),
    algorithm: "SHA1",
    digits: 6,
    period: 30,
  });
  return totp.generate({ timestamp: at.getTime() });
}

/** The user acting on their own account (account page). */
export function selfCtx(db: Db, userId: string): ServiceContext {
  return { db, actor: { type: "user", userId } };
}

/**
 * Enrols and confirms an authenticator app for the user; returns its secret. Moves the clock
 * on one step, so the next code is not the (used) confirmation code.
 */
export async function enrolTotp(db: Db, userId: string, clock: ReturnType<typeof testClock>) {
  const opts = { ...flowOptions(clock), issuer: "Guildhall Test" };
  const { secret, factorId } = await startTotpEnrollment(selfCtx(db, userId), { userId }, opts);
  await confirmTotpEnrollment(
    selfCtx(db, userId),
    { userId, code: totpCodeAt(secret, clock.now()) },
    opts,
  );
  clock.advance(30_000);
  return { secret, factorId };
}
