/** How long before its `exp` a JWT is no longer handed out (clock skew, request time). */
const EXPIRY_MARGIN_MS = 30_000;
/** Opaque tokens say nothing of their lifetime: reused this long, then asked for again. */
const OPAQUE_REUSE_MS = 30_000;

/** The `exp` of a JWT in milliseconds, or undefined for anything that is not a readable JWT. */
export function jwtExpiry(token: string): number | undefined {
  const payload = token.split(".")[1];
  if (token.split(".").length !== 3 || !payload) return undefined;
  try {
    const base64 = payload.replace(/-/g, "+").replace(/_/g, "/");
    const json = atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, "="));
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === "number" ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

export interface TokenCache {
  /** A token still valid for a while, or a new one (concurrent callers share one request). */
  get(): Promise<string>;
  /** Forgets `token` after the API refused it, so the next `get` asks for a new one. */
  invalidate(token: string): void;
}

/**
 * Wraps a token getter so that the components, which call the API in parallel, ask the app
 * for a token once: the app's getter typically calls its own server, which may rotate a
 * refresh token, and parallel rotations of one refresh token look like theft to Guildhall.
 */
export function createTokenCache(
  getToken: () => Promise<string>,
  now: () => number = Date.now,
): TokenCache {
  let current: { token: string; expiresAt: number } | undefined;
  let pending: Promise<string> | undefined;
  return {
    get() {
      if (current && current.expiresAt > now()) return Promise.resolve(current.token);
      pending ??= getToken()
        .then((token) => {
          const exp = jwtExpiry(token);
          current = {
            token,
            expiresAt: exp === undefined ? now() + OPAQUE_REUSE_MS : exp - EXPIRY_MARGIN_MS,
          };
          return token;
        })
        .finally(() => {
          pending = undefined;
        });
      return pending;
    },
    invalidate(token) {
      if (current?.token === token) current = undefined;
    },
  };
}
