import type { IncomingMessage, ServerResponse } from "node:http";
import {
  createEventFilter,
  readEventsAfter,
  resolveEventAudience,
  resolveStreamStart,
  type EventFilter,
  type EventPump,
} from "@guildhall/core";
import type { Db } from "@guildhall/db";
import type { DomainEventPayload } from "@guildhall/validators";
import { E, RestError, toErrorResponse } from "../rest/errors.ts";

/** The path the stream is served at. */
export const EVENT_STREAM_PATH = "/api/events/stream";

/** Who opened a stream: the machine-to-machine application its access token was issued to. */
export interface EventStreamCaller {
  clientId: string;
}

/** Checks a stream request's `Authorization`; throws a `RestError` (401/403) otherwise. */
export type EventStreamAuthenticator = (request: Request) => Promise<EventStreamCaller>;

export interface EventStreamOptions {
  db: Db;
  /** This process's event pump: live events come from it, and its health gates heartbeats. */
  pump: Pick<EventPump, "subscribe" | "lastHealthyAt">;
  authenticate: EventStreamAuthenticator;
  /** Default heartbeat interval (ms); a client may ask for another with `?heartbeat=<seconds>`. Default 15 000. */
  heartbeatMs?: number;
  /** A connection whose unsent output grows past this many bytes is closed (it resumes with `Last-Event-ID`). Default 1 MiB. */
  maxBufferedBytes?: number;
  /** Open streams per application. Default 100. */
  maxStreamsPerApplication?: number;
  /** Open streams in this process. Default 1 000. */
  maxStreams?: number;
  /** Events read per page while catching up. Default 500. */
  pageSize?: number;
  /** Unexpected errors (a database outage while streaming closes the stream). Default `console.error`. */
  onError?: (error: unknown) => void;
}

export interface EventStream {
  /** Serves `GET /api/events/stream`; returns false for any other request. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** Open streams. */
  connections(): number;
  /** Ends every open stream (shutdown). */
  close(): void;
}

/** The reconnection delay the stream asks `EventSource` clients to use (ms). */
export const EVENT_STREAM_RETRY_MS = 2_000;
/** A heartbeat says "changes reach you" only while the pump completed a cycle this recently. */
export const PUMP_HEALTHY_WITHIN_MS = 2_000;

const MIN_HEARTBEAT_S = 1;
const MAX_HEARTBEAT_S = 60;

interface Connection {
  clientId: string;
  end(): void;
}

/**
 * The event stream (`GET /api/events/stream`, Server-Sent Events) for machine-to-machine
 * applications: every event the caller may see (core's `mayReceiveEvent`), in position order,
 * each as `id: <position>`, `event: <name>`, `data: <payload JSON>`. A client that reconnects
 * with `Last-Event-ID` (or `?lastEventId=`) first receives every retained event after that
 * position, then live ones, with no gap and no duplicate; `?since=<ISO time>` starts at a time.
 * A position that can no longer be resumed gets `event: reset` first. Comments (`: heartbeat`)
 * arrive every `heartbeatMs` while the pump is healthy. See docs/events.md.
 *
 * @example
 * const stream = createEventStream({ db, pump, authenticate });
 * createServer((req, res) => stream.handle(req, res) || next(req, res));
 */
export function createEventStream(options: EventStreamOptions): EventStream {
  const { db, pump, authenticate } = options;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const maxBufferedBytes = options.maxBufferedBytes ?? 1024 * 1024;
  const maxPerApp = options.maxStreamsPerApplication ?? 100;
  const maxStreams = options.maxStreams ?? 1_000;
  const pageSize = options.pageSize ?? 500;
  const onError = options.onError ?? ((error) => console.error("[events] stream:", error));
  const open = new Set<Connection>();
  const perApp = new Map<string, number>();

  function sendError(res: ServerResponse, thrown: unknown) {
    const { status, body, headers, unexpected } = toErrorResponse(thrown);
    if (unexpected) onError(thrown);
    res.writeHead(status, { ...headers, "content-type": "application/json; charset=utf-8" });
    res.end(JSON.stringify(body));
  }

  async function serve(req: IncomingMessage, res: ServerResponse, url: URL) {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === "string") headers.set(name, value);
    }
    let clientId: string;
    let filter: EventFilter;
    let start: Awaited<ReturnType<typeof resolveStreamStart>>;
    let heartbeat: number;
    try {
      if (req.method !== "GET" && req.method !== "HEAD") {
        throw new RestError(E.methodNotAllowed, "The event stream answers GET only.", {
          headers: { Allow: "GET" },
        });
      }
      ({ clientId } = await authenticate(new Request(url, { headers })));
      const audience = await resolveEventAudience(db, clientId);
      const position = parseStart(headers, url);
      heartbeat = parseHeartbeat(url, heartbeatMs);
      if (open.size >= maxStreams || (perApp.get(clientId) ?? 0) >= maxPerApp) {
        throw new RestError(
          E.rateLimited,
          `Too many open event streams (at most ${maxPerApp} per application).`,
          { headers: { "Retry-After": "5" } },
        );
      }
      filter = createEventFilter(db, clientId, { initial: audience });
      start = await resolveStreamStart(db, position);
    } catch (error) {
      sendError(res, error);
      return;
    }

    // From here on the stream is open: count it before the first await.
    let closed = false;
    let cursor = start.afterSeq;
    let live = false;
    const queued: (readonly DomainEventPayload[])[] = [];
    let chain = Promise.resolve();
    const connection: Connection = { clientId, end: () => finish() };
    open.add(connection);
    perApp.set(clientId, (perApp.get(clientId) ?? 0) + 1);

    const unsubscribe = pump.subscribe((events) => {
      if (closed) return;
      if (!live) queued.push(events);
      else chain = chain.then(() => deliver(events)).catch(fail);
    });
    const timer = setInterval(() => {
      // Only a healthy pump's heartbeat promises that changes reach the client; the other
      // comment keeps proxies from closing an idle connection.
      write(
        Date.now() - pump.lastHealthyAt() < PUMP_HEALTHY_WITHIN_MS
          ? ": heartbeat\n\n"
          : ": stalled\n\n",
      );
    }, heartbeat);

    function finish() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      unsubscribe();
      open.delete(connection);
      const left = (perApp.get(clientId) ?? 1) - 1;
      if (left > 0) perApp.set(clientId, left);
      else perApp.delete(clientId);
      if (!res.writableEnded) res.end();
    }

    function fail(error: unknown) {
      // An application deleted (or no longer machine-to-machine) meanwhile ends its stream
      // quietly; anything else (a database outage) is worth a log line. Either way the client
      // reconnects with Last-Event-ID.
      if (!(error instanceof Error && "code" in error && error.code === "auth.forbidden"))
        onError(error);
      finish();
      res.destroy();
    }

    function write(text: string) {
      if (closed) return;
      res.write(text);
      // A client that does not read: drop it rather than buffer without bound.
      if (res.writableLength > maxBufferedBytes) {
        finish();
        res.destroy();
      }
    }

    async function deliver(events: readonly DomainEventPayload[]) {
      const fresh = events.filter((event) => BigInt(event.id) > cursor);
      if (fresh.length === 0 || closed) return;
      cursor = BigInt(fresh[fresh.length - 1]?.id ?? cursor);
      const visible = await filter.filter(fresh);
      write(visible.map(frame).join(""));
    }

    req.on("close", finish);
    req.socket.setTimeout(0);
    req.socket.setNoDelay(true);
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      // nginx and similar proxies buffer responses unless told not to.
      "x-accel-buffering": "no",
    });
    if (req.method === "HEAD") {
      finish();
      return;
    }
    write(`retry: ${EVENT_STREAM_RETRY_MS}\n\n`);
    try {
      if (start.reset) {
        write(
          `event: reset\ndata: ${JSON.stringify({ reason: "position_not_retained", resumeAfter: String(start.afterSeq) })}\n\n`,
        );
      }
      // Catch up from the database. Live events published meanwhile wait in `queued`: every
      // event positioned before the subscription is found here, every one after is queued,
      // and `deliver` skips what the cursor already passed.
      // Read through a function: the client may go away while a page is read.
      const isClosed = () => closed;
      for (;;) {
        if (isClosed()) return;
        const page = await readEventsAfter(db, { afterSeq: cursor, limit: pageSize });
        if (page.length > 0) await deliver(page);
        if (page.length < pageSize) break;
      }
      live = true;
      for (const events of queued.splice(0)) chain = chain.then(() => deliver(events)).catch(fail);
      // Caught up: from here on every event reaches the client as it is positioned.
      chain = chain.then(() => write(": live\n\n"));
    } catch (error) {
      fail(error);
    }
  }

  return {
    handle(req, res) {
      const url = new URL(req.url ?? "/", "http://localhost");
      if (url.pathname !== EVENT_STREAM_PATH) return false;
      serve(req, res, url).catch((error: unknown) => {
        onError(error);
        if (!res.headersSent) sendError(res, error);
        else res.destroy();
      });
      return true;
    },
    connections: () => open.size,
    close() {
      for (const connection of [...open]) connection.end();
    },
  };
}

/** One SSE frame. JSON has no raw newlines, so `data` is one line. */
function frame(event: DomainEventPayload): string {
  return `id: ${event.id}\nevent: ${event.event}\ndata: ${JSON.stringify(event)}\n\n`;
}

function invalid(message: string, path: string): RestError {
  return new RestError(E.invalidInput, message, {
    details: `Error in key path "${path}": ${message}`,
  });
}

function parseStart(headers: Headers, url: URL): { lastEventId?: bigint; since?: Date } {
  const raw = headers.get("last-event-id") ?? url.searchParams.get("lastEventId");
  if (raw !== null && raw !== "") {
    if (!/^\d{1,19}$/.test(raw.trim()))
      throw invalid("Last-Event-ID must be an event id (a position).", "lastEventId");
    return { lastEventId: BigInt(raw.trim()) };
  }
  const since = url.searchParams.get("since");
  if (since !== null) {
    const at = new Date(since);
    if (since === "" || Number.isNaN(at.getTime()))
      throw invalid("since must be an ISO 8601 date-time.", "since");
    return { since: at };
  }
  return {};
}

function parseHeartbeat(url: URL, fallbackMs: number): number {
  const raw = url.searchParams.get("heartbeat");
  if (raw === null) return fallbackMs;
  const seconds = Number(raw);
  if (!Number.isInteger(seconds) || seconds < MIN_HEARTBEAT_S || seconds > MAX_HEARTBEAT_S)
    throw invalid(
      `heartbeat must be a whole number of seconds from ${MIN_HEARTBEAT_S} to ${MAX_HEARTBEAT_S}.`,
      "heartbeat",
    );
  return seconds * 1000;
}

/**
 * The stream's authenticator: a Management API access token (a JWT, checked by the REST
 * layer's bearer authenticator, scope `all`), or the opaque access token any other
 * machine-to-machine application gets from `client_credentials` without a `resource`
 * (checked by the provider: `findClientCredentials` answers its client id, or undefined when
 * it is unknown, expired or revoked).
 *
 * @example
 * const authenticate = createEventStreamAuthenticator({
 *   managementApi: createBearerAuthenticator({ ... }),
 *   findClientCredentials: async (token) =>
 *     (await oidc.provider().ClientCredentials.find(token))?.clientId,
 * });
 */
export function createEventStreamAuthenticator({
  managementApi,
  findClientCredentials,
}: {
  managementApi: (request: Request) => Promise<{ clientId: string }>;
  findClientCredentials: (token: string) => Promise<string | undefined>;
}): EventStreamAuthenticator {
  return async (request) => {
    const header = request.headers.get("authorization") ?? "";
    const [scheme, token, ...more] = header.trim().split(/\s+/);
    // A JWT (or no usable header): the Management API's checks and answers.
    if (scheme?.toLowerCase() !== "bearer" || !token || more.length > 0 || token.includes("."))
      return managementApi(request);
    const clientId = await findClientCredentials(token);
    if (!clientId) {
      throw new RestError(
        E.unauthorized,
        "The access token is not valid: it is unknown or expired.",
        {
          headers: {
            "WWW-Authenticate": `Bearer realm="Guildhall events", error="invalid_token"`,
          },
        },
      );
    }
    return { clientId };
  };
}
