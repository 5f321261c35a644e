import type { Db } from "@guildhall/db";
import type { DomainEventPayload } from "@guildhall/validators";
import { expireInvitations } from "../invitations/expire-invitations.ts";
import { latestEventSeq, readEventsAfter } from "./read-events.ts";
import { sequenceEvents } from "./sequence-events.ts";

/** Receives newly positioned events, oldest first, in batches. Must not throw. */
export type EventListener = (events: readonly DomainEventPayload[]) => void;

export interface EventPumpOptions {
  db: Db;
  /** Idle poll interval (ms). Default 100. */
  intervalMs?: number;
  /** Called when the sequencer created webhook deliveries: the webhook worker's kick. */
  onDeliveries?: () => void;
  /** How often pending invitations past their expiry are marked Expired (ms). Default 60 000; 0 turns it off. */
  expireInvitationsEveryMs?: number;
  /** Events read and published per page. Default 500. */
  pageSize?: number;
  /** Where errors go. Default `console.error`. */
  onError?: (error: unknown) => void;
}

export interface EventPump {
  /** Publishes every event positioned after the subscription to `listener`; returns the unsubscribe. */
  subscribe(listener: EventListener): () => void;
  /** The position of the last event published (events up to it were all sent to listeners). */
  lastPublishedSeq(): bigint;
  /**
   * When the pump last completed a cycle against the database (ms since the epoch). The event
   * stream only sends heartbeats while this is recent, so a client that hears one knows that
   * changes reach it.
   */
  lastHealthyAt(): number;
  /** Resolves once the pump knows where to start (the latest position at start). */
  ready: Promise<void>;
  /** Runs a cycle now instead of at the next poll (after a local change, in tests). */
  kick(): void;
  /** Stops polling; resolves when the cycle in progress has finished. */
  stop(): Promise<void>;
}

const MAX_BACKOFF_MS = 5_000;

/**
 * The event pump of one server process: gives committed events their positions
 * (`sequenceEvents`; only one process at a time does, the others skip), then reads the events
 * positioned since the last cycle and publishes them to this process's subscribers (its event
 * stream connections). Runs back to back while there is work, every `intervalMs` when idle.
 * Database errors are logged and retried with backoff (up to 5 s); the pump never stops by
 * itself. It also sweeps expired invitations every minute (`expireInvitations`).
 *
 * @example
 * const pump = startEventPump({ db, onDeliveries: () => webhooks.kick() });
 * const unsubscribe = pump.subscribe((events) => console.log(events.map((e) => e.event)));
 * // on shutdown
 * await pump.stop();
 */
export function startEventPump(options: EventPumpOptions): EventPump {
  const { db } = options;
  const intervalMs = options.intervalMs ?? 100;
  const pageSize = options.pageSize ?? 500;
  const expireEveryMs = options.expireInvitationsEveryMs ?? 60_000;
  const onError = options.onError ?? ((error) => console.error("[events] pump:", error));
  const listeners = new Set<EventListener>();

  let cursor: bigint | undefined;
  let healthyAt = 0;
  let kicked = false;
  let stopped = false;
  let failures = 0;
  let nextExpiryAt = Date.now() + Math.min(expireEveryMs, 5_000);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let wake: (() => void) | undefined;

  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  function publish(events: readonly DomainEventPayload[]) {
    for (const listener of [...listeners]) {
      try {
        listener(events);
      } catch (error) {
        onError(error);
      }
    }
  }

  /** One cycle; true when there may be more work right away. */
  async function cycle(): Promise<boolean> {
    // A pump starts live: history is for readers that resume (readEventsAfter).
    if (cursor === undefined) {
      cursor = await latestEventSeq(db);
      markReady();
    }
    const sequenced = await sequenceEvents(db);
    if (sequenced.deliveries > 0) options.onDeliveries?.();
    let busy = sequenced.sequenced > 0;
    for (;;) {
      const events = await readEventsAfter(db, { afterSeq: cursor, limit: pageSize });
      if (events.length === 0) break;
      cursor = BigInt(events[events.length - 1]?.id ?? cursor);
      publish(events);
      if (events.length < pageSize) break;
      busy = true;
    }
    if (expireEveryMs > 0 && Date.now() >= nextExpiryAt) {
      nextExpiryAt = Date.now() + expireEveryMs;
      const { expired, more } = await expireInvitations({ db });
      if (more) nextExpiryAt = Date.now();
      busy ||= expired > 0;
    }
    healthyAt = Date.now();
    return busy;
  }

  const isStopped = () => stopped;
  const wasKicked = () => kicked;

  async function loop() {
    while (!stopped) {
      let delay = intervalMs;
      try {
        if (await cycle()) delay = 0;
        failures = 0;
      } catch (error) {
        failures += 1;
        delay = Math.min(MAX_BACKOFF_MS, intervalMs * 2 ** failures);
        // One line per outage, not one per retry.
        if (failures === 1 || delay === MAX_BACKOFF_MS) onError(error);
      }
      // Read through functions: `stop()` and `kick()` change these while the cycle awaits.
      if (isStopped()) break;
      if (wasKicked()) delay = 0;
      kicked = false;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, delay);
      });
      wake = undefined;
    }
  }

  const running = loop();

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    lastPublishedSeq: () => cursor ?? 0n,
    lastHealthyAt: () => healthyAt,
    ready,
    kick() {
      kicked = true;
      if (timer) clearTimeout(timer);
      wake?.();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      wake?.();
      await running;
      listeners.clear();
    },
  };
}
