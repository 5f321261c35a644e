import type { Db } from "@guildhall/db";
import { onApplicationChanged } from "./application-changes.ts";
import { holdsManagementApi } from "./assert-may-change-credentials.ts";

/** How long an answer is reused: the longest a revocation made by another process goes unseen. */
export const MANAGEMENT_API_ACCESS_CACHE_MS = 5_000;
/** At most this many clients are remembered; the oldest answer is dropped first. */
export const MANAGEMENT_API_ACCESS_CACHE_ENTRIES = 1_000;

/** Whether a Management API token's client may still use it; see `createManagementApiAccessCheck`. */
export interface ManagementApiAccessCheck {
  (clientId: string): Promise<boolean>;
  /** Stops listening for application changes (tests, shutdown). */
  close(): void;
}

export interface ManagementApiAccessCheckOptions {
  /** Default `MANAGEMENT_API_ACCESS_CACHE_MS`. */
  ttlMs?: number;
  /** Default `MANAGEMENT_API_ACCESS_CACHE_ENTRIES`. */
  maxEntries?: number;
  /** Injected clock (ms), for tests. */
  now?: () => number;
}

/**
 * Answers, per request, whether the client a Management API token was issued to still
 * exists and still holds a role granting the Management API, so a revocation or a deletion
 * ends its tokens before they expire. A token's signature only proves what was true when it
 * was issued.
 *
 * One query per client (`holdsManagementApi`, the same rule that guards its credentials),
 * reused for at most `ttlMs`: that bounds how long a change made by another process goes
 * unseen. A change made through this process (role granted or taken, application changed or
 * deleted: `notifyApplicationChanged`) is seen by the next request. Errors (a database
 * outage) are not cached; they reach the caller.
 *
 * @example
 * const isAllowed = createManagementApiAccessCheck(db);
 * if (!(await isAllowed(payload.client_id))) throw unauthorized();
 */
export function createManagementApiAccessCheck(
  db: Db,
  options: ManagementApiAccessCheckOptions = {},
): ManagementApiAccessCheck {
  const ttlMs = options.ttlMs ?? MANAGEMENT_API_ACCESS_CACHE_MS;
  const maxEntries = options.maxEntries ?? MANAGEMENT_API_ACCESS_CACHE_ENTRIES;
  const now = options.now ?? Date.now;
  // Map keeps insertion order, so the first key is the oldest answer.
  const answers = new Map<string, { at: number; allowed: Promise<boolean> }>();

  // Dropping the entry also detaches a lookup in flight: the next request reads afresh
  // instead of sharing an answer read before the change committed.
  const stopListening = onApplicationChanged((applicationId) => answers.delete(applicationId));

  function check(clientId: string): Promise<boolean> {
    const cached = answers.get(clientId);
    if (cached && now() - cached.at < ttlMs) return cached.allowed;
    answers.delete(clientId);
    const allowed = holdsManagementApi(db, clientId);
    const entry = { at: now(), allowed };
    answers.set(clientId, entry);
    allowed.catch(() => {
      if (answers.get(clientId) === entry) answers.delete(clientId);
    });
    while (answers.size > maxEntries) {
      const oldest = answers.keys().next().value;
      if (oldest === undefined) break;
      answers.delete(oldest);
    }
    return allowed;
  }

  return Object.assign(check, { close: stopListening });
}
