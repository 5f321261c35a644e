import { createParser, type EventSourceMessage } from "eventsource-parser";

/** The Guildhall event this app relays: a member's roles in one organization changed. */
export const ROLES_UPDATED_EVENT = "Organization.Membership.Roles.Updated";

export interface RoleRef {
  id: string;
  name: string;
}

/** One `Organization.Membership.Roles.Updated` event about a user (not an application). */
export interface MembershipRolesChange {
  /** The stream position (SSE `id`), when Guildhall sent one. */
  eventId?: string;
  organizationId: string;
  userId: string;
  /** Grows with every change of this membership; tokens carry it as `mv`. */
  membershipVersion: string;
  before: RoleRef[];
  after: RoleRef[];
  /** The membership itself ended (removed, left, user deleted). */
  removed: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function roles(value: unknown): RoleRef[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: RoleRef[] = [];
  for (const item of value) {
    if (!isRecord(item) || typeof item.id !== "string" || typeof item.name !== "string")
      return undefined;
    out.push({ id: item.id, name: item.name });
  }
  return out;
}

/**
 * Reads the `data` of a `Organization.Membership.Roles.Updated` frame. Guildhall sends the
 * event as webhooks carry it (`{ id, event, createdAt, organizationId, userId, data: {...} }`);
 * the change itself (`{ organizationId, userId, membershipVersion, before, after, removed }`)
 * is accepted bare too. Anything else, and events about applications, give `undefined`.
 */
export function parseRolesChange(
  data: string,
  eventId?: string,
): MembershipRolesChange | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (!isRecord(parsed)) return undefined;
  const change = isRecord(parsed.data) ? { ...parsed, ...parsed.data } : parsed;
  const { organizationId, userId, membershipVersion, removed } = change;
  const before = roles(change.before);
  const after = roles(change.after);
  if (
    typeof organizationId !== "string" ||
    typeof userId !== "string" ||
    userId === "" ||
    typeof membershipVersion !== "string" ||
    !before ||
    !after
  )
    return undefined;
  return {
    ...(eventId === undefined ? {} : { eventId }),
    organizationId,
    userId,
    membershipVersion,
    before,
    after,
    removed: removed === true,
  };
}

/** Read through a call: the loop's condition would otherwise narrow it for good. */
function isAborted(signal: AbortSignal): boolean {
  return signal.aborted;
}

export type RolesChangeListener = (change: MembershipRolesChange) => void;

export interface MembershipEventStreamOptions {
  /** Guildhall's event stream, `$BASE_URL/api/events/stream`. */
  streamUrl: string;
  /**
   * A Management API access token (`client_credentials`); `renew` asks for a new one after
   * Guildhall refused the last.
   */
  getAccessToken: (renew: boolean) => Promise<string>;
  /** Delay before reconnecting, until the server sends its own `retry:`. Default 2000 ms. */
  retryMs?: number;
  fetch?: typeof fetch;
  /** Where connection problems are reported. Default: `console.warn`. */
  onError?: (error: unknown) => void;
}

export interface MembershipEventStream {
  /** Calls `listener` for each change of `userId`'s roles, until the returned function is called. */
  subscribe(userId: string, listener: RolesChangeListener): () => void;
  /** True while the upstream connection is open. */
  readonly connected: boolean;
  close(): void;
}

/**
 * One subscription to Guildhall's event stream, shared by every open page of the app, that
 * hands each `Organization.Membership.Roles.Updated` event to the listeners of the user it is
 * about. It connects when the first page subscribes and disconnects when the last one leaves;
 * while connected it reconnects after a failure and resumes with `Last-Event-ID`, so nothing
 * is lost across a brief outage.
 *
 * @example
 * const stream = createMembershipEventStream({ streamUrl, getAccessToken });
 * const stop = stream.subscribe(userId, (change) => send(change));
 */
export function createMembershipEventStream(
  options: MembershipEventStreamOptions,
): MembershipEventStream {
  const doFetch = options.fetch ?? fetch;
  const onError =
    options.onError ??
    ((error: unknown) => {
      console.warn(
        "[customer-app] event stream:",
        error instanceof Error ? error.message : String(error),
      );
    });
  const listeners = new Map<string, Set<RolesChangeListener>>();
  let retryMs = options.retryMs ?? 2000;
  let lastEventId: string | undefined;
  let controller: AbortController | undefined;
  let connected = false;
  let closed = false;

  function dispatch(message: EventSourceMessage) {
    if (message.id !== undefined) lastEventId = message.id;
    if (message.event !== ROLES_UPDATED_EVENT) return;
    const change = parseRolesChange(message.data, message.id);
    if (!change) return;
    for (const listener of listeners.get(change.userId) ?? []) listener(change);
  }

  async function readOnce(signal: AbortSignal, renew: boolean): Promise<"ended" | "unauthorized"> {
    const headers: Record<string, string> = {
      accept: "text/event-stream",
      authorization: `Bearer ${await options.getAccessToken(renew)}`,
    };
    if (lastEventId !== undefined) headers["last-event-id"] = lastEventId;
    const response = await doFetch(options.streamUrl, { headers, signal });
    if (response.status === 401) {
      await response.body?.cancel();
      return "unauthorized";
    }
    if (!response.ok || !response.body)
      throw new Error(`${options.streamUrl} answered ${response.status}`);
    connected = true;
    const parser = createParser({
      onEvent: dispatch,
      onRetry: (ms) => {
        retryMs = ms;
      },
    });
    const decoder = new TextDecoder();
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parser.feed(decoder.decode(value, { stream: true }));
      }
    } finally {
      connected = false;
      reader.releaseLock();
    }
    return "ended";
  }

  async function run(signal: AbortSignal) {
    let renew = false;
    while (!signal.aborted) {
      try {
        const outcome = await readOnce(signal, renew);
        // A refused token is renewed once; a second refusal waits like any failure.
        renew = outcome === "unauthorized" && !renew;
        if (outcome === "unauthorized" && renew) continue;
        if (outcome === "unauthorized")
          onError(new Error("Guildhall refused the event stream token"));
      } catch (error) {
        // Closing aborts the request in flight: that is no failure to report.
        if (isAborted(signal)) return;
        onError(error);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, retryMs);
        signal.addEventListener(
          "abort",
          () => {
            clearTimeout(timer);
            resolve();
          },
          { once: true },
        );
      });
    }
  }

  function start() {
    if (controller || closed) return;
    controller = new AbortController();
    void run(controller.signal);
  }

  function stop() {
    controller?.abort();
    controller = undefined;
    connected = false;
    // Pages that subscribe later want changes from then on, not the ones nobody heard.
    lastEventId = undefined;
  }

  return {
    subscribe(userId, listener) {
      const set = listeners.get(userId) ?? new Set();
      set.add(listener);
      listeners.set(userId, set);
      start();
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(userId);
        if (listeners.size === 0) stop();
      };
    },
    get connected() {
      return connected;
    },
    close() {
      closed = true;
      listeners.clear();
      stop();
    },
  };
}
