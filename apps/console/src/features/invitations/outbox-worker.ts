import type { OutboxWorker } from "@guildhall/email";

// server.ts starts the outbox worker; Next bundles route handlers separately, so the
// worker is shared through globalThis rather than a module variable.
const KEY = Symbol.for("guildhall.outboxWorker");
type Holder = { [KEY]?: OutboxWorker };

export function registerOutboxWorker(worker: OutboxWorker | undefined): void {
  (globalThis as Holder)[KEY] = worker;
}

/** Sends queued emails now instead of at the worker's next poll (no-op without a worker). */
export function kickOutbox(): void {
  (globalThis as Holder)[KEY]?.kick();
}
