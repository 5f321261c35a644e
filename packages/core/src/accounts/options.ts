/**
 * What the account flows (sign-up, verification, reset, MFA sign-in) need from the caller
 * besides their input: none of it comes from the request body, so a caller cannot choose
 * the base URL of the links it gets emailed nor the key its codes are checked with.
 */
export interface AccountFlowOptions {
  /** Public base URL, for links in emails (`publicBaseUrl()` in the console). */
  baseUrl: string;
  /** GUILDHALL_SECRET: HMAC key for codes; seals outbox bodies and TOTP secrets. */
  instanceSecret: string;
  /** The caller's address (`clientIp`), for per-IP throttles; null/absent skips them. */
  ip?: string | null;
  /** Injected clock, for expiry and throttle delays in tests. */
  now?: () => Date;
  /** E.g. the outbox worker's `kick()`, so an email goes out now rather than at the next poll. */
  onEmailQueued?: (() => void) | undefined;
}

export const flowNow = (opts: Pick<AccountFlowOptions, "now">): Date =>
  opts.now ? opts.now() : new Date();
