import type { Db } from "@guildhall/db";
import { prismaStatement, sqlTable } from "@guildhall/db/sql";

const limits = sqlTable("RateLimit");
const { key: keyCol, count: countCol, windowStart: windowStartCol } = limits.col;
const TOUCH_SQL = prismaStatement(`
  INSERT INTO ${limits.ref} (${keyCol}, ${countCol}, ${windowStartCol}) VALUES ($1, 0, $2)
  ON CONFLICT (${keyCol}) DO UPDATE SET ${keyCol} = EXCLUDED.${keyCol}
  RETURNING ${countCol}, ${windowStartCol}`);
const RECORD_SQL = prismaStatement(
  `UPDATE ${limits.ref} SET ${countCol} = $1, ${windowStartCol} = $2 WHERE ${keyCol} = $3`,
);
const RESET_SQL = prismaStatement(`DELETE FROM ${limits.ref} WHERE ${keyCol} = $1`);
const RELEASE_SQL = prismaStatement(
  `UPDATE ${limits.ref} SET ${countCol} = GREATEST(${countCol} - 1, 0) WHERE ${keyCol} = $1`,
);

/**
 * How a throttle answers failures: `freeFailures` in a row cost nothing, then every further
 * attempt waits `baseDelayMs * 2^(failures - freeFailures)` after the last one (capped at
 * `maxDelayMs`). A key with no attempt for `forgetAfterMs` starts again from zero.
 */
export interface AttemptThrottlePolicy {
  freeFailures: number;
  baseDelayMs: number;
  maxDelayMs: number;
  forgetAfterMs: number;
}

export interface AttemptDecision {
  allowed: boolean;
  /** Whole seconds until the next attempt is allowed (at least 1 when refused, 0 when allowed). */
  retryAfterSeconds: number;
}

/**
 * Counts failed attempts per key (an account, a client id, an IP) and refuses attempts
 * during an exponentially growing delay after too many. Kept on the database's
 * `rate_limits` table (count = failures, windowStart = last attempt), next to the
 * fixed-window limiter; a fixed window cannot express a delay that doubles.
 *
 * An attempt is counted as a failure when it is let through (before the password or secret
 * is checked), so concurrent guesses cannot all slip in before the first failure is
 * recorded. The caller then settles it: `reset` (success on an account: its owner knows the
 * secret) or `release` (success seen from an IP: take back this one attempt, not the
 * failures before it, so an attacker cannot wipe an IP's count by signing in to their own
 * account in between).
 */
export interface AttemptThrottle {
  /** Refuses during a delay (the attempt is not counted), otherwise counts it and allows it. */
  attempt(key: string): Promise<AttemptDecision>;
  /** Forgets the key's failures. */
  reset(key: string): Promise<void>;
  /** Takes back one attempt counted by `attempt` (it turned out not to be a failure). */
  release(key: string): Promise<void>;
}

/** When the attempt after `failures` failures, the last at `lastAt`, may run (epoch ms). */
export function nextAttemptAt(
  policy: AttemptThrottlePolicy,
  failures: number,
  lastAt: number,
): number {
  if (failures < policy.freeFailures) return lastAt;
  // 2^40 ms is far beyond any cap; bounding the exponent keeps the number finite.
  const exponent = Math.min(failures - policy.freeFailures, 40);
  return lastAt + Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
}

/**
 * @example
 * const throttle = createAttemptThrottle(db, { freeFailures: 5, baseDelayMs: 1000, maxDelayMs: 900_000, forgetAfterMs: 86_400_000 });
 * const { allowed, retryAfterSeconds } = await throttle.attempt(`sign_in:account:${hash}`);
 */
export function createAttemptThrottle(
  db: Db,
  policy: AttemptThrottlePolicy,
  clock: () => Date = () => new Date(),
): AttemptThrottle {
  if (policy.forgetAfterMs <= policy.maxDelayMs) {
    throw new Error(
      "forgetAfterMs must be longer than maxDelayMs, or a lockout would forget itself.",
    );
  }
  return {
    async attempt(key) {
      const now = clock();
      return db.$transaction(async (tx) => {
        // Insert-or-touch takes the row lock, so concurrent attempts on one key queue here
        // and each sees the count the previous one left.
        const [row] = await tx.$queryRaw<{ count: number; windowStart: Date }[]>(
          TOUCH_SQL,
          key,
          now,
        );
        if (!row) throw new Error("rate_limits upsert returned no row");
        const lastAt = row.windowStart.getTime();
        const failures = now.getTime() - lastAt >= policy.forgetAfterMs ? 0 : row.count;
        const openAt = nextAttemptAt(policy, failures, lastAt);
        if (openAt > now.getTime()) {
          return {
            allowed: false,
            retryAfterSeconds: Math.max(1, Math.ceil((openAt - now.getTime()) / 1000)),
          };
        }
        await tx.$executeRaw(RECORD_SQL, failures + 1, now, key);
        return { allowed: true, retryAfterSeconds: 0 };
      });
    },
    async reset(key) {
      await db.$executeRaw(RESET_SQL, key);
    },
    async release(key) {
      await db.$executeRaw(RELEASE_SQL, key);
    },
  };
}
