/** What one hit on a limiter decided. */
export interface RateLimitDecision {
  allowed: boolean;
  /** Requests allowed per window. */
  limit: number;
  /** Requests left in this window after this one (0 when refused). */
  remaining: number;
  /** When the current window ends. */
  resetAt: Date;
  /** Whole seconds until the window ends (at least 1): the `Retry-After` of a refusal. */
  retryAfterSeconds: number;
}

/**
 * A fixed-window rate limiter: at most `limit` hits per key per window. Windows are aligned
 * to the epoch (`floor(now / windowMs)`), so every process agrees on them.
 */
export interface RateLimiter {
  readonly limit: number;
  readonly windowMs: number;
  /** Counts one hit for `key` and says whether it is allowed. Atomic across processes. */
  hit(key: string): Promise<RateLimitDecision>;
  /** Releases connections (Redis). */
  close(): Promise<void>;
}

export interface RateLimitOptions {
  /** Hits allowed per window, e.g. 600. */
  limit: number;
  /** Window length in milliseconds, e.g. 60_000. */
  windowMs: number;
  /** Injected clock, for tests. */
  now?: () => Date;
}

export function windowStartOf(time: number, windowMs: number): number {
  return Math.floor(time / windowMs) * windowMs;
}

export function decide(
  count: number,
  resetAt: number,
  now: number,
  limit: number,
): RateLimitDecision {
  const allowed = count <= limit;
  return {
    allowed,
    limit,
    remaining: Math.max(0, limit - count),
    resetAt: new Date(resetAt),
    retryAfterSeconds: Math.max(1, Math.ceil((resetAt - now) / 1000)),
  };
}

export function assertRateLimitOptions({ limit, windowMs }: RateLimitOptions): void {
  if (!Number.isInteger(limit) || limit < 1)
    throw new Error(`Rate limit must be a positive integer, got ${limit}.`);
  if (!Number.isInteger(windowMs) || windowMs < 1000) {
    throw new Error(`Rate limit window must be at least 1000 ms, got ${windowMs}.`);
  }
}
