import { processSingleton } from "@guildhall/db";
import type { OutboxWorker } from "@guildhall/email";

// server.ts starts the outbox worker; Next bundles route handlers separately, so the
// worker is shared per process rather than through a module variable.
const registration = processSingleton(
  "guildhall.outboxWorker",
  (): { worker?: OutboxWorker } => ({}),
);

export function registerOutboxWorker(worker: OutboxWorker | undefined): void {
  registration.worker = worker;
}

/** Sends queued emails now instead of at the worker's next poll (no-op without a worker). */
export function kickOutbox(): void {
  registration.worker?.kick();
}
