import { RespClient } from "./resp.ts";
import {
  assertRateLimitOptions,
  decide,
  windowStartOf,
  type RateLimiter,
  type RateLimitOptions,
} from "./types.ts";

// INCR the window's counter and give it an expiry on the first hit, atomically (a script runs
// alone on the server). The key names the window, so a new window starts at 0.
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count`;

export interface RedisRateLimitOptions extends RateLimitOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://...`. */
  url: string;
  /** Key prefix. Default `guildhall:rl:`. */
  prefix?: string;
  /** Connect and command timeout. Default 2000 ms. */
  timeoutMs?: number;
}

/**
 * The same fixed-window limiter on Redis, for deployments that set `REDIS_URL`: one round trip
 * (a Lua script doing INCR + PEXPIRE) per hit, keys expire on their own.
 *
 * @example
 * const limiter = createRedisRateLimiter({ url: "redis://127.0.0.1:6379", limit: 600, windowMs: 60_000 });
 */
export function createRedisRateLimiter(options: RedisRateLimitOptions): RateLimiter {
  assertRateLimitOptions(options);
  const { limit, windowMs } = options;
  const prefix = options.prefix ?? "guildhall:rl:";
  const clock = options.now ?? (() => new Date());
  const client = new RespClient(options.url, { timeoutMs: options.timeoutMs });
  return {
    limit,
    windowMs,
    async hit(key) {
      const now = clock().getTime();
      const windowStart = windowStartOf(now, windowMs);
      // The expiry outlives the window a little, so clocks that differ slightly agree on counts.
      const reply = await client.command([
        "EVAL",
        HIT_SCRIPT,
        1,
        `${prefix}${key}:${windowStart}`,
        windowMs + 5000,
      ]);
      if (typeof reply !== "number")
        throw new Error(`Unexpected Redis reply: ${JSON.stringify(reply)}`);
      return decide(reply, windowStart + windowMs, now, limit);
    },
    close: () => client.close(),
  };
}
