/**
 * Opt-in freshness for organization tokens: follow Guildhall's event stream and refuse tokens
 * issued before the holder's roles in the organization last changed.
 *
 * A signed token proves what was true when it was issued; without this, a member demoted or
 * removed keeps their old permissions in your API until the token expires (up to its
 * lifetime). With it, such a token is refused (`token_stale`) within `maxDelayMs` of the change,
 * and if the monitor cannot vouch for that bound (the stream is down or silent), verification
 * fails (`freshness_unavailable`) instead of silently accepting. The cost is a dependency on
 * Guildhall being reachable: see the README, "Stale tokens".
 *
 * @module
 */
import { createParser, type EventSourceMessage } from "eventsource-parser";
import type { OrganizationTokenClaims } from "./claims.ts";
import { OrganizationTokenError } from "./errors.ts";

/**
 * Options of {@link createMembershipFreshness}.
 *
 * @example
 * ```ts
 * import type { MembershipFreshnessOptions } from "@guildhall/org-token/freshness";
 * const options: MembershipFreshnessOptions = {
 *   streamUrl: "https://auth.example.com/api/events/stream",
 *   getAccessToken: () => tokens.get(), // client_credentials, see below
 * };
 * ```
 */
export interface MembershipFreshnessOptions {
  /** The event stream: `<Guildhall base URL>/api/events/stream`. */
  streamUrl: string | URL;
  /**
   * An access token for the stream, asked for on every (re)connection: a machine-to-machine
   * application's `client_credentials` token (the Management API's, or one without `resource`;
   * an application without the Management API sees only the organizations it is added to).
   */
  getAccessToken: () => Promise<string>;
  /**
   * The bound: a token is refused (`token_stale`) at most this long after its holder's roles
   * changed, and when the monitor has heard nothing from the stream for longer, every
   * verification fails with `freshness_unavailable`. Default 5 000 ms; at least 2 000.
   */
  maxDelayMs?: number;
  /**
   * How far back changes are read on start: the longest lifetime of the tokens you accept, so
   * a token issued before a change that happened while your app was down is still caught.
   * Default 3 600 s (Guildhall's default access-token lifetime).
   */
  backfillSeconds?: number;
  /** `fetch` used for the stream (it must stream response bodies). Default: the global `fetch`. */
  fetch?: (input: URL, init: RequestInit) => Promise<Response>;
  /** Clock in milliseconds since the epoch (tests). Default `Date.now`. */
  now?: () => number;
  /** Connection problems (they are retried). Default: `console.warn`, once per outage. */
  onError?: (error: unknown) => void;
}

/**
 * A running monitor: pass it as the verifier's `freshness` option.
 *
 * @example
 * ```ts
 * const freshness = createMembershipFreshness({ streamUrl, getAccessToken });
 * await freshness.ready; // optional: until then verifications answer freshness_unavailable
 * const verifier = createOrganizationTokenVerifier({ issuer, jwksUri, freshness });
 * // on shutdown
 * freshness.close();
 * ```
 */
export interface MembershipFreshness {
  /**
   * Throws `OrganizationTokenError` `token_stale` when the token's `mv` is older than the
   * holder's roles version last seen for its organization, the organization was deleted, the
   * holder was suspended, or the template took one of the token's permissions away from a role
   * after the token's `iat`; `freshness_unavailable` when the monitor cannot currently vouch
   * for the bound.
   */
  check(claims: OrganizationTokenClaims): void;
  /** Resolves once the backfill is done and the stream is live; rejects if closed first. */
  ready: Promise<void>;
  /** Stops following the stream; every later check answers `freshness_unavailable`. */
  close(): void;
}

const MEMBERSHIP_EVENT = "Organization.Membership.Roles.Updated";
const ORGANIZATION_DELETED = "Organization.Deleted";
/** Template changes that take permissions away from a role's holders everywhere. */
const PERMISSIONS_REMOVED = new Set([
  "OrganizationRole.Scopes.Updated",
  "OrganizationRole.Deleted",
  "OrganizationScope.Deleted",
]);
const SUSPENSION = "User.SuspensionStatus.Updated";
const MAX_RECONNECT_MS = 30_000;

interface Seen {
  version: bigint;
  /** When the change happened (ms): entries older than the backfill window are dropped. */
  at: number;
}

function stale(message: string): OrganizationTokenError {
  return new OrganizationTokenError("token_stale", message);
}

function unavailable(message: string): OrganizationTokenError {
  return new OrganizationTokenError("freshness_unavailable", message);
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/**
 * Follows Guildhall's event stream (`GET /api/events/stream`, Server-Sent Events over `fetch`)
 * and remembers, per organization and holder (user or application), the roles version after
 * their last change (`Organization.Membership.Roles.Updated`), and which organizations were
 * deleted. `check(claims)` refuses a token whose `mv` claim is older (`token_stale`). Changes
 * with no membership version are kept by time: a template change that took permissions away
 * from a role (`OrganizationRole.Scopes.Updated` / `.Deleted`, `OrganizationScope.Deleted`,
 * which name the permissions) refuses tokens issued before it that carry one of them, and a
 * suspension (`User.SuspensionStatus.Updated`) refuses the user's tokens until lifted.
 *
 * It starts with the changes of the last `backfillSeconds` (`?since=`), resumes after a
 * disconnection where it stopped (`Last-Event-ID`), and asks the server for a heartbeat well
 * within `maxDelayMs`; while it has heard neither an event nor a heartbeat for `maxDelayMs`
 * (or before the backfill is done), `check` throws `freshness_unavailable`.
 *
 * @example
 * ```ts
 * import { createMembershipFreshness } from "@guildhall/org-token/freshness";
 * import { createOrganizationTokenVerifier } from "@guildhall/org-token/verify";
 *
 * const freshness = createMembershipFreshness({
 *   streamUrl: "https://auth.example.com/api/events/stream",
 *   getAccessToken: async () => {
 *     const res = await fetch("https://auth.example.com/oidc/token", {
 *       method: "POST",
 *       headers: { "content-type": "application/x-www-form-urlencoded" },
 *       body: new URLSearchParams({ grant_type: "client_credentials", client_id, client_secret }),
 *     });
 *     return ((await res.json()) as { access_token: string }).access_token;
 *   },
 * });
 * const verifier = createOrganizationTokenVerifier({
 *   issuer: "https://auth.example.com/oidc",
 *   jwksUri: "https://auth.example.com/oidc/jwks",
 *   freshness,
 * });
 * ```
 */
export function createMembershipFreshness(
  options: MembershipFreshnessOptions,
): MembershipFreshness {
  const maxDelayMs = options.maxDelayMs ?? 5_000;
  if (typeof maxDelayMs !== "number" || !(maxDelayMs >= 2_000))
    throw new TypeError("maxDelayMs must be at least 2000 (the stream's heartbeat is 1 s at best)");
  const backfillSeconds = options.backfillSeconds ?? 3_600;
  if (typeof backfillSeconds !== "number" || !(backfillSeconds >= 0))
    throw new TypeError("backfillSeconds must be >= 0");
  if (typeof options.getAccessToken !== "function")
    throw new TypeError("getAccessToken is required");
  const streamUrl = new URL(options.streamUrl);
  const doFetch = options.fetch ?? ((input: URL, init: RequestInit) => fetch(input, init));
  const now = options.now ?? Date.now;
  const report =
    options.onError ??
    ((error: unknown) =>
      console.warn(
        "[guildhall freshness] event stream:",
        error instanceof Error ? error.message : error,
      ));
  // A heartbeat at most a third of the bound: one may be lost in transit and still be in time.
  const heartbeatSeconds = Math.max(1, Math.floor(maxDelayMs / 3_000));

  const versions = new Map<string, Seen>();
  const deleted = new Map<string, number>();
  // Permission name -> when a template change last took it away from a role (ms).
  const removedPermissions = new Map<string, number>();
  // Suspended users (a token of theirs issued before the suspension is refused).
  const suspended = new Map<string, number>();
  let lastEventId: string | undefined;
  let live = false;
  let heardAt = -Infinity;
  let closed = false;
  let failures = 0;
  let retryMs = 2_000;
  let controller: AbortController | undefined;
  let wakeUp: (() => void) | undefined;

  let resolveReady!: () => void;
  let rejectReady!: (error: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  // Nobody has to await it.
  ready.catch(() => undefined);

  const key = (organizationId: string, holderId: string) => `${organizationId}\u0000${holderId}`;

  function heard() {
    if (!live) return;
    heardAt = now();
  }

  /** Template changes and suspensions: no membership version, so they are kept by time. */
  function onTenantEvent(event: string, data: Record<string, unknown>, at: number) {
    if (event === SUSPENSION) {
      const userId = text(data["id"]);
      if (userId === undefined) return;
      if (data["isSuspended"] === true) suspended.set(userId, at);
      else suspended.delete(userId);
      return;
    }
    const names =
      event === "OrganizationScope.Deleted"
        ? [data["name"]]
        : Array.isArray(data["removedPermissions"])
          ? (data["removedPermissions"] as unknown[])
          : [];
    for (const name of names) {
      if (typeof name !== "string" || name === "") continue;
      removedPermissions.set(name, Math.max(at, removedPermissions.get(name) ?? 0));
    }
  }

  function onEvent(message: EventSourceMessage) {
    if (message.id !== undefined && message.id !== "") lastEventId = message.id;
    if (
      message.event !== undefined &&
      (message.event === SUSPENSION || PERMISSIONS_REMOVED.has(message.event))
    ) {
      try {
        const payload = JSON.parse(message.data) as {
          createdAt?: unknown;
          data?: Record<string, unknown>;
        };
        const at = typeof payload.createdAt === "string" ? Date.parse(payload.createdAt) : NaN;
        onTenantEvent(message.event, payload.data ?? {}, Number.isNaN(at) ? now() : at);
      } catch {
        // A frame that is not JSON is not ours to interpret.
      }
    }
    if (message.event === MEMBERSHIP_EVENT || message.event === ORGANIZATION_DELETED) {
      let payload: {
        createdAt?: unknown;
        organizationId?: unknown;
        data?: Record<string, unknown>;
      };
      try {
        payload = JSON.parse(message.data) as typeof payload;
      } catch {
        return;
      }
      const data = payload.data ?? {};
      const organizationId = text(payload.organizationId) ?? text(data["organizationId"]);
      const at = typeof payload.createdAt === "string" ? Date.parse(payload.createdAt) : now();
      if (organizationId !== undefined) {
        if (message.event === ORGANIZATION_DELETED) {
          deleted.set(organizationId, Number.isNaN(at) ? now() : at);
        } else {
          const holder = text(data["userId"]) ?? text(data["applicationId"]);
          const version = text(data["membershipVersion"]);
          if (holder !== undefined && version !== undefined && /^\d+$/.test(version)) {
            const k = key(organizationId, holder);
            const seen = versions.get(k);
            const v = BigInt(version);
            if (!seen || v > seen.version)
              versions.set(k, { version: v, at: Number.isNaN(at) ? now() : at });
          }
        }
      }
    }
    heard();
  }

  function onComment(comment: string) {
    const word = comment.trim();
    if (word === "live") {
      live = true;
      failures = 0;
      heard();
      resolveReady();
    } else if (word === "heartbeat") {
      heard();
    }
    // ": stalled": the server is up but its events are not flowing: not a sign of freshness.
  }

  /** Forgets changes older than any token still accepted. */
  function prune() {
    const horizon = now() - backfillSeconds * 1000;
    for (const [k, seen] of versions) if (seen.at < horizon) versions.delete(k);
    for (const [k, at] of deleted) if (at < horizon) deleted.delete(k);
    for (const [k, at] of removedPermissions) if (at < horizon) removedPermissions.delete(k);
    for (const [k, at] of suspended) if (at < horizon) suspended.delete(k);
  }

  async function connect(): Promise<void> {
    const url = new URL(streamUrl);
    url.searchParams.set("heartbeat", String(heartbeatSeconds));
    if (lastEventId === undefined)
      url.searchParams.set("since", new Date(now() - backfillSeconds * 1000).toISOString());
    const token = await options.getAccessToken();
    controller = new AbortController();
    const headers: Record<string, string> = {
      accept: "text/event-stream",
      authorization: `Bearer ${token}`,
    };
    if (lastEventId !== undefined) headers["last-event-id"] = lastEventId;
    const response = await doFetch(url, { headers, signal: controller.signal });
    if (!response.ok || !response.body) {
      const body = await response.text().catch(() => "");
      throw new Error(`the event stream answered ${response.status}: ${body.slice(0, 200)}`);
    }
    const parser = createParser({
      onEvent,
      onComment,
      onRetry: (ms) => {
        retryMs = ms;
      },
    });
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    // A connection that went quiet without closing (a dead peer behind a proxy) is dropped
    // so the loop reconnects: twice the bound without a byte.
    let lastByteAt = now();
    const watchdog = setInterval(
      () => {
        prune();
        if (now() - lastByteAt > 2 * maxDelayMs) controller?.abort();
      },
      Math.min(1_000, maxDelayMs / 2),
    );
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        lastByteAt = now();
        parser.feed(decoder.decode(value, { stream: true }));
      }
    } finally {
      clearInterval(watchdog);
      live = false;
      reader.releaseLock();
    }
  }

  // Read through a function: `close()` changes it while a connection is awaited.
  const isClosed = () => closed;

  async function run() {
    while (!isClosed()) {
      try {
        await connect();
        if (!isClosed()) throw new Error("the event stream closed");
      } catch (error) {
        if (isClosed()) break;
        failures += 1;
        if (failures === 1) report(error);
      }
      if (isClosed()) break;
      const delay = Math.min(MAX_RECONNECT_MS, retryMs * 2 ** Math.max(0, failures - 1));
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wakeUp = undefined;
    }
  }
  void run();

  return {
    check(claims) {
      if (closed) throw unavailable("The membership freshness monitor is closed");
      const silentFor = now() - heardAt;
      if (!live && heardAt === -Infinity)
        throw unavailable(
          "The membership freshness monitor has not caught up with the event stream yet",
        );
      if (silentFor > maxDelayMs)
        throw unavailable(
          `Nothing heard from the event stream for ${Math.round(silentFor)} ms (bound ${maxDelayMs} ms)`,
        );
      const organizationId = claims.organization_id;
      if (deleted.has(organizationId))
        throw stale(`Organization ${organizationId} was deleted after the token was issued`);
      if (suspended.has(claims.sub))
        throw stale(`${claims.sub} was suspended after the token was issued`);
      // `iat` has whole seconds: only a token certainly issued before the change is refused
      // (a token from the same second is accepted; the change itself took that long to commit).
      const issuedBy = (claims.iat + 1) * 1000;
      for (const scope of claims.scopes) {
        const at = removedPermissions.get(scope);
        if (at !== undefined && issuedBy <= at)
          throw stale(`The template took "${scope}" away from a role after the token was issued`);
      }
      const seen = versions.get(key(organizationId, claims.sub));
      if (seen === undefined) return;
      const mv = claims.mv;
      if (mv === undefined || BigInt(mv) < seen.version) {
        throw stale(
          `The roles of ${claims.sub} in ${organizationId} changed (version ${seen.version}) after the token was issued (mv ${mv ?? "absent"})`,
        );
      }
    },
    ready,
    close() {
      if (closed) return;
      closed = true;
      controller?.abort();
      wakeUp?.();
      rejectReady(new Error("The membership freshness monitor was closed"));
    },
  };
}
