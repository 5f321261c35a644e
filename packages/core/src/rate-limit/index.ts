import type { Db } from "@guildhall/db";
import { createPostgresRateLimiter } from "./postgres.ts";
import { createRedisRateLimiter } from "./redis.ts";
import type { RateLimiter, RateLimitOptions } from "./types.ts";

export type { RateLimitDecision, RateLimiter, RateLimitOptions } from "./types.ts";
export { createPostgresRateLimiter } from "./postgres.ts";
export { createRedisRateLimiter, type RedisRateLimitOptions } from "./redis.ts";

/**
 * A fixed-window rate limiter: on Redis when `redisUrl` is given, otherwise on the database
 * (`rate_limits` table). Both count atomically across processes.
 *
 * @example
 * const limiter = createRateLimiter({ db, redisUrl: env.REDIS_URL, limit: 600, windowMs: 60_000 });
 * const decision = await limiter.hit(`management_api:${clientId}`);
 * if (!decision.allowed) return tooManyRequests(decision.retryAfterSeconds);
 */
export function createRateLimiter(
  options: RateLimitOptions & { db: Db; redisUrl?: string },
): RateLimiter {
  const { db, redisUrl, ...limits } = options;
  return redisUrl
    ? createRedisRateLimiter({ ...limits, url: redisUrl })
    : createPostgresRateLimiter(db, limits);
}
export {
  createAttemptThrottle,
  nextAttemptAt,
  type AttemptDecision,
  type AttemptThrottle,
  type AttemptThrottlePolicy,
} from "./attempt-throttle.ts";
