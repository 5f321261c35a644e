import type { Db } from "@guildhall/db";
import { consoleLogger, type EmailLogger } from "./logger.ts";
import { DEFAULT_BATCH_SIZE, deliverPendingEmails, type OutboxSealer } from "./outbox.ts";
import type { EmailTransport } from "./transport.ts";

export interface OutboxWorkerOptions {
  db: Db;
  transport: EmailTransport;
  /**
   * Opens sealed bodies (`outboxSealer(instanceSecret)` from @guildhall/core). Required:
   * every email that carries a secret is sealed, and a worker that cannot open them sends
   * none of them.
   */
  sealer: OutboxSealer;
  /** Pause between runs when the outbox is drained. Default 5 s. */
  intervalMs?: number;
  logger?: EmailLogger;
  batchSize?: number;
  /** How long a failing email is retried; default 24 hours. */
  retryForMs?: number;
}

export interface OutboxWorker {
  /** Run now (after the current run, if one is in progress), e.g. right after enqueuing. */
  kick(): void;
  /** No more runs; resolves when the current one has finished. */
  stop(): Promise<void>;
}

/**
 * Delivers the outbox in the background of this process. One run at a time; a full batch
 * is followed at once by the next one, otherwise the worker waits `intervalMs`. Errors are
 * logged, never thrown. The timer is unref'd, so the worker never keeps a process alive.
 * Every app process may run one: rows are claimed with SKIP LOCKED, never sent twice.
 *
 * @example
 * const worker = startOutboxWorker({
 *   db,
 *   transport: createTransport(readEmailEnv()),
 *   sealer: outboxSealer(instanceSecret),
 * });
 * // after committing an invitation:
 * worker.kick();
 */
export function startOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { db, transport, sealer, intervalMs = 5000, logger = consoleLogger, retryForMs } = options;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let runAgain = false;
  let stopped = false;

  const schedule = (delayMs: number) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(run, delayMs);
    timer.unref();
  };

  const run = () => {
    timer = undefined;
    if (stopped) return;
    if (running) {
      runAgain = true;
      return;
    }
    running = (async () => {
      let more = false;
      try {
        const report = await deliverPendingEmails({
          db,
          transport,
          sealer,
          batchSize,
          ...(retryForMs === undefined ? {} : { retryForMs }),
          logger,
        });
        more = report.claimed >= batchSize;
      } catch (error) {
        logger.error("[email] outbox run failed", error);
      }
      const next = more || runAgain ? 0 : intervalMs;
      runAgain = false;
      running = undefined;
      schedule(next);
    })();
  };

  schedule(0);
  return {
    kick() {
      if (stopped) return;
      if (running) runAgain = true;
      else schedule(0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}
