import { createHash } from "node:crypto";
import type { Db } from "@guildhall/db";
import { DomainError } from "../errors.ts";
import {
  createAttemptThrottle,
  type AttemptThrottlePolicy,
} from "../rate-limit/attempt-throttle.ts";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * The brute-force policies, in one place. Per account (an email, known or not): 5 free
 * failures, then 1 s, 2 s, 4 s ... up to 15 min between attempts, forgotten after a day
 * without attempts or at a successful sign-in. Per IP: more room (offices share an address),
 * forgotten after an hour of quiet, never reset by a success. Client authentication at the
 * token endpoint: client secrets are long random strings, so these limits protect the
 * service more than the secret; they are wider to keep a locked-out backend rare.
 */
export const throttlePolicies = {
  signInAccount: {
    freeFailures: 5,
    baseDelayMs: SECOND,
    maxDelayMs: 15 * MINUTE,
    forgetAfterMs: 24 * HOUR,
  },
  signInIp: { freeFailures: 20, baseDelayMs: SECOND, maxDelayMs: 15 * MINUTE, forgetAfterMs: HOUR },
  clientAuthClient: {
    freeFailures: 10,
    baseDelayMs: SECOND,
    maxDelayMs: 5 * MINUTE,
    forgetAfterMs: HOUR,
  },
  clientAuthIp: {
    freeFailures: 30,
    baseDelayMs: SECOND,
    maxDelayMs: 15 * MINUTE,
    forgetAfterMs: HOUR,
  },
  /**
   * Typing an emailed code, per address (codes of every purpose for it): a code already
   * allows only 5 tries, this slows the next codes down too.
   */
  codeEntryAccount: {
    freeFailures: 5,
    baseDelayMs: 30 * SECOND,
    maxDelayMs: 15 * MINUTE,
    forgetAfterMs: HOUR,
  },
  codeEntryIp: {
    freeFailures: 30,
    baseDelayMs: SECOND,
    maxDelayMs: 15 * MINUTE,
    forgetAfterMs: HOUR,
  },
  /**
   * Asking for an email to an address (sign-up, password reset): every request counts, so
   * nobody can flood an inbox; keyed on the address, known or not, so it reveals nothing.
   */
  emailRequestAddress: {
    freeFailures: 3,
    baseDelayMs: MINUTE,
    maxDelayMs: HOUR,
    forgetAfterMs: 24 * HOUR,
  },
  emailRequestIp: {
    freeFailures: 20,
    baseDelayMs: 10 * SECOND,
    maxDelayMs: HOUR,
    forgetAfterMs: 24 * HOUR,
  },
  /**
   * "Send test email" on the console's Email settings page, per console admin: every request
   * counts, so a script holding an admin's session cannot turn the instance into a mailer.
   */
  testEmailSender: {
    freeFailures: 5,
    baseDelayMs: MINUTE,
    maxDelayMs: HOUR,
    forgetAfterMs: 24 * HOUR,
  },
} satisfies Record<string, AttemptThrottlePolicy>;

/** What is counted, and what a success does to that count (see AttemptThrottle). */
export interface ThrottleCheck {
  /** Stored hashed: the table should not collect emails, IPs or client ids. */
  key: string;
  policy: AttemptThrottlePolicy;
  onSuccess: "reset" | "release";
}

export interface ThrottleGate {
  /** The attempt succeeded: settle every check by its `onSuccess`. */
  succeeded(): Promise<void>;
  /** The attempt was refused before any secret was checked: take it back everywhere. */
  released(): Promise<void>;
}

function storedKey(key: string): string {
  return `throttle:${createHash("sha256").update(key).digest("base64url")}`;
}

export function tooManyAttempts(retryAfterSeconds: number): DomainError {
  return new DomainError(
    "rate_limited",
    `Too many attempts. Try again in ${retryAfterSeconds} s.`,
    {
      retryAfterSeconds,
    },
  );
}

/**
 * Lets an attempt through every check in order, or refuses it with `rate_limited`
 * ("Too many attempts. Try again in N s.", `data.retryAfterSeconds`). Checks passed before
 * a refusal are released: a refused attempt is not a failure.
 * @throws rate_limited
 */
export async function passThrottle(
  db: Db,
  checks: ThrottleCheck[],
  now?: () => Date,
): Promise<ThrottleGate> {
  const passed: {
    key: string;
    throttle: ReturnType<typeof createAttemptThrottle>;
    onSuccess: ThrottleCheck["onSuccess"];
  }[] = [];
  for (const check of checks) {
    const throttle = createAttemptThrottle(db, check.policy, now);
    const key = storedKey(check.key);
    const decision = await throttle.attempt(key);
    if (!decision.allowed) {
      for (const p of passed) await p.throttle.release(p.key);
      throw tooManyAttempts(decision.retryAfterSeconds);
    }
    passed.push({ key, throttle, onSuccess: check.onSuccess });
  }
  return {
    async succeeded() {
      for (const p of passed)
        await (p.onSuccess === "reset" ? p.throttle.reset(p.key) : p.throttle.release(p.key));
    },
    async released() {
      for (const p of passed) await p.throttle.release(p.key);
    },
  };
}
