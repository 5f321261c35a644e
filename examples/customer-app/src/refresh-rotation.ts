import { createHash } from "node:crypto";

/** How long a rotation is remembered: requests a browser sent before it saw the new cookie. */
const GRACE_MS = 2 * 60 * 1000;
/** Rotations followed at most from one token (a longer chain is not a race). */
const MAX_STEPS = 20;

export interface Rotated {
  /** The refresh token Guildhall issued in exchange; absent if it did not rotate. */
  refreshToken?: string | undefined;
}

/**
 * Guildhall rotates refresh tokens on a plain refresh, and treats any later use of the old one
 * (a plain refresh or an organization token) as theft: it revokes the whole sign-in. A browser
 * sends several requests at once with the same session cookie (the Team page asks for an
 * access token and organization tokens together; another tab reloads), so within this process
 * every use of a refresh token goes through here:
 *
 * - `rotate` refreshes once per token; a request carrying a token that is being, or was just,
 *   rotated gets the newest result instead of spending the token again;
 * - `use` (an organization token) runs with the newest token, and a rotation waits for the
 *   uses of its token in flight.
 *
 * Several processes behind a load balancer would need this in shared storage, or sticky
 * sessions.
 */
export interface RefreshRotations {
  rotate<T extends Rotated>(
    refreshToken: string,
    refresh: (refreshToken: string) => Promise<T>,
  ): Promise<T>;
  /** Runs `task` with the newest refresh token descending from `refreshToken`, and says which. */
  use<T>(
    refreshToken: string,
    task: (refreshToken: string) => Promise<T>,
  ): Promise<{ value: T; refreshToken: string }>;
}

interface Rotation {
  result: Promise<Rotated>;
  at: number;
  settled: boolean;
}

export function createRefreshRotations(now: () => number = Date.now): RefreshRotations {
  // Keyed by a hash: the maps hold only the tokens Guildhall handed out in exchange.
  const keyOf = (token: string) => createHash("sha256").update(token).digest("base64url");
  /** Rotations in flight, and done ones (with their new token) for a while. */
  const rotations = new Map<string, Rotation>();
  /** Uses in flight per token, and the rotations waiting for them to end. */
  const uses = new Map<string, { count: number; waiters: (() => void)[] }>();

  function prune() {
    const oldest = now() - GRACE_MS;
    for (const [key, rotation] of rotations)
      if (rotation.settled && rotation.at < oldest) rotations.delete(key);
  }

  function idle(key: string): Promise<void> {
    const inFlight = uses.get(key);
    return inFlight ? new Promise((resolve) => inFlight.waiters.push(resolve)) : Promise.resolve();
  }

  /** Follows the rotations from `token` (waiting for one in flight): the newest token and its result. */
  async function newest(token: string): Promise<{ token: string; result?: Rotated }> {
    let current = token;
    let result: Rotated | undefined;
    for (let step = 0; step < MAX_STEPS; step++) {
      const rotation = rotations.get(keyOf(current));
      if (!rotation) break;
      const next = await rotation.result.catch(() => undefined);
      if (next?.refreshToken && next.refreshToken !== current) {
        result = next;
        current = next.refreshToken;
      }
      // Otherwise the rotation failed or kept the token: it is forgotten; look again.
    }
    return result ? { token: current, result } : { token: current };
  }

  return {
    async rotate<T extends Rotated>(
      refreshToken: string,
      refresh: (refreshToken: string) => Promise<T>,
    ): Promise<T> {
      prune();
      const key = keyOf(refreshToken);
      while (rotations.has(key)) {
        const known = await newest(refreshToken);
        // The results are the app's own refreshes (one kind per app).
        if (known.result) return known.result as T;
      }
      // From here to `set`, synchronous: no other request can start a rotation of this token.
      const result = idle(key).then(() => refresh(refreshToken));
      const rotation: Rotation = { result, at: now(), settled: false };
      rotations.set(key, rotation);
      const forget = () => {
        if (rotations.get(key) === rotation) rotations.delete(key);
      };
      result.then(
        (value) => {
          rotation.settled = true;
          rotation.at = now();
          if (!value.refreshToken || value.refreshToken === refreshToken) forget();
        },
        // A failed refresh is not remembered: the next request tries (and reports) again.
        forget,
      );
      return result;
    },

    async use<T>(refreshToken: string, task: (refreshToken: string) => Promise<T>) {
      prune();
      let token = refreshToken;
      while (rotations.has(keyOf(token))) token = (await newest(token)).token;
      // Synchronous since the check: a rotation of `token` starting now waits for this use.
      const key = keyOf(token);
      const inFlight = uses.get(key) ?? { count: 0, waiters: [] };
      inFlight.count += 1;
      uses.set(key, inFlight);
      try {
        return { value: await task(token), refreshToken: token };
      } finally {
        inFlight.count -= 1;
        if (inFlight.count === 0) {
          uses.delete(key);
          for (const wake of inFlight.waiters) wake();
        }
      }
    },
  };
}
