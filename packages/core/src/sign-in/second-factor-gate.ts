import type { AuthChallenge, Db } from "@guildhall/db";
import type { AccountFlowOptions } from "../accounts/options.ts";
import { passThrottle, throttlePolicies, type ThrottleGate } from "../auth/throttle.ts";
import { DomainError } from "../errors.ts";
import { challengeInvalid, countChallengeAttempt, findLiveChallenge } from "./challenge.ts";

/** A sign-in that owes a second factor, with the throttles a code entry passes. */
export interface PendingSecondFactor {
  challenge: AuthChallenge & { userId: string };
  gate: ThrottleGate;
  now: Date;
}

/**
 * What every second-factor code goes through before it is looked at: a live challenge that
 * owes a factor (a decoy or a finished one never does), the per-account and per-IP throttles
 * (failures doubling the delay, as for passwords), and one try counted on it (at most 5).
 * @throws sign_in.challenge_invalid, rate_limited
 */
export async function enterSecondFactor(
  db: Db,
  challengeToken: string,
  opts: AccountFlowOptions,
): Promise<PendingSecondFactor> {
  const now = opts.now?.() ?? new Date();
  const challenge = await findLiveChallenge(db, challengeToken, "sign_in", now);
  const { userId } = challenge;
  if (userId === null || !challenge.mfaPending) throw challengeInvalid();
  const gate = await passThrottle(
    db,
    [
      { key: `mfa:account:${userId}`, policy: throttlePolicies.signInAccount, onSuccess: "reset" },
      ...(opts.ip
        ? [
            {
              key: `mfa:ip:${opts.ip}`,
              policy: throttlePolicies.signInIp,
              onSuccess: "release" as const,
            },
          ]
        : []),
    ],
    opts.now,
  );
  // After the throttle, so a refused attempt does not use up one of the 5 tries; a try on a
  // spent challenge stays counted against the account.
  await countChallengeAttempt(db, challenge.id);
  return { challenge: { ...challenge, userId }, gate, now };
}

export function invalidCode(): DomainError {
  return new DomainError("mfa.invalid_code", "That code is not right. Try again.");
}
