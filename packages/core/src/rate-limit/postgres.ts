import type { Db } from "@guildhall/db";
import { prismaStatement, sqlTable } from "@guildhall/db/sql";
import {
  assertRateLimitOptions,
  decide,
  windowStartOf,
  type RateLimiter,
  type RateLimitOptions,
} from "./types.ts";

const rl = sqlTable("RateLimit", "rl");
const { key, count, windowStart } = sqlTable("RateLimit").col;
const HIT_SQL = prismaStatement(`
  INSERT INTO ${rl.ref} (${key}, ${count}, ${windowStart})
  VALUES ($1, 1, $2)
  ON CONFLICT (${key}) DO UPDATE SET
    ${count} = CASE
      WHEN ${rl.col.windowStart} >= EXCLUDED.${windowStart} THEN ${rl.col.count} + 1
      ELSE 1
    END,
    ${windowStart} = GREATEST(${rl.col.windowStart}, EXCLUDED.${windowStart})
  RETURNING ${count}, ${windowStart}`);

/**
 * A fixed-window limiter on the `rate_limits` table: one row per key, counted with a single
 * `INSERT ... ON CONFLICT DO UPDATE ... RETURNING`, so concurrent hits from any number of
 * processes are counted exactly (the row lock serialises them) in one round trip.
 *
 * A new window restarts the count. `GREATEST` keeps a process whose clock lags from moving a
 * key back to an older window (and resetting its count) after a newer one has started.
 *
 * @example
 * const limiter = createPostgresRateLimiter(db, { limit: 600, windowMs: 60_000 });
 * const { allowed, retryAfterSeconds } = await limiter.hit(`management_api:${clientId}`);
 */
export function createPostgresRateLimiter(db: Db, options: RateLimitOptions): RateLimiter {
  assertRateLimitOptions(options);
  const { limit, windowMs } = options;
  const clock = options.now ?? (() => new Date());
  return {
    limit,
    windowMs,
    async hit(key) {
      const now = clock().getTime();
      const windowStart = new Date(windowStartOf(now, windowMs));
      const [row] = await db.$queryRaw<{ count: number; windowStart: Date }[]>(
        HIT_SQL,
        key,
        windowStart,
      );
      if (!row) throw new Error("rate_limits upsert returned no row");
      return decide(row.count, row.windowStart.getTime() + windowMs, now, limit);
    },
    async close() {},
  };
}
