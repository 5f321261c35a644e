import type { Db } from "@guildhall/db";
import { prismaStatement, sqlTable } from "@guildhall/db/sql";
import { readInstanceSettings } from "../instance-settings/instance-settings.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/** Rows deleted per statement: each statement's locks are short, and a run never holds many. */
export const PRUNE_BATCH_SIZE = 5_000;

const audit = sqlTable("AuditLog");
const events = sqlTable("DomainEvent");

/**
 * One batch of expired rows: `SKIP LOCKED` lets two instances prune side by side without
 * waiting on each other's rows. `$1::timestamp` reads the ISO text as the UTC wall-clock time
 * the `timestamp(3)` columns hold (PostgreSQL ignores the zone for a timestamp without one).
 */
const batchDelete = (t: typeof audit | typeof events) =>
  prismaStatement(
    `DELETE FROM ${t.name} WHERE ${t.col.id} IN (
       SELECT ${t.col.id} FROM ${t.name} WHERE ${t.col.createdAt} < $1::timestamp
       LIMIT $2 FOR UPDATE SKIP LOCKED)`,
  );
const DELETE_AUDIT = batchDelete(audit);
// Events: never the one holding the highest position. The sequencer continues from the
// highest position in the table, so pruning every event of an idle instance would restart
// positions at 1, and a stream client resuming after position N (Last-Event-ID) would skip
// the next N events.
const DELETE_EVENTS = prismaStatement(
  `DELETE FROM ${events.name} WHERE ${events.col.id} IN (
     SELECT ${events.col.id} FROM ${events.name} WHERE ${events.col.createdAt} < $1::timestamp
       AND (${events.col.seq} IS NULL OR ${events.col.seq} < (SELECT max(${events.col.seq}) FROM ${events.name}))
     LIMIT $2 FOR UPDATE SKIP LOCKED)`,
);

export interface PruneResult {
  auditLogs: number;
  events: number;
}

async function deleteInBatches(
  db: Db,
  statement: TemplateStringsArray,
  before: Date,
  batchSize: number,
): Promise<number> {
  let total = 0;
  for (;;) {
    // Each batch is its own statement and transaction (no surrounding one), so its row
    // locks end with it.
    const deleted = await db.$executeRaw(statement, before.toISOString(), batchSize);
    total += deleted;
    if (deleted < batchSize) return total;
  }
}

/**
 * Deletes audit entries older than `auditLogRetentionDays` and events (with their webhook
 * deliveries, which cascade) older than `eventRetentionDays`, counted back from `now`, in
 * batches of `batchSize` rows per statement. Returns how many of each were deleted.
 *
 * @example
 * const { auditLogs, events } = await pruneExpired(db, new Date());
 */
export async function pruneExpired(
  db: Db,
  now: Date,
  { batchSize = PRUNE_BATCH_SIZE }: { batchSize?: number } = {},
): Promise<PruneResult> {
  const settings = await readInstanceSettings(db);
  const auditBefore = new Date(now.getTime() - settings.auditLogRetentionDays * DAY_MS);
  const eventsBefore = new Date(now.getTime() - settings.eventRetentionDays * DAY_MS);
  return {
    auditLogs: await deleteInBatches(db, DELETE_AUDIT, auditBefore, batchSize),
    events: await deleteInBatches(db, DELETE_EVENTS, eventsBefore, batchSize),
  };
}

export interface RetentionJob {
  /** Stops the schedule and waits for a run in progress. */
  stop(): Promise<void>;
}

interface Logger {
  info(message: string): void;
  error(message: string, error: unknown): void;
}

const consoleLogger: Logger = {
  info: (message) => console.log(message),
  error: (message, error) => console.error(message, error),
};

/**
 * Runs `pruneExpired` `startDelayMs` after start (default one minute, out of the way of
 * booting) and then every `intervalMs` (default 6 hours). A failed run is logged and the
 * next one comes on schedule. Every instance may run it: batches skip rows another is deleting.
 *
 * @example
 * const retention = startRetentionJob({ db: getDb() });
 * // on shutdown:
 * await retention.stop();
 */
export function startRetentionJob(options: {
  db: Db;
  startDelayMs?: number;
  intervalMs?: number;
  now?: () => Date;
  logger?: Logger;
}): RetentionJob {
  const {
    db,
    startDelayMs = 60_000,
    intervalMs = 6 * 60 * 60 * 1000,
    now = () => new Date(),
    logger = consoleLogger,
  } = options;
  let stopped = false;
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;

  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(run, delayMs);
    // A pending run never keeps the process alive.
    timer.unref();
  };
  const run = () => {
    running = (async () => {
      try {
        const result = await pruneExpired(db, now());
        if (result.auditLogs > 0 || result.events > 0)
          logger.info(
            `[retention] deleted ${result.auditLogs} audit entries and ${result.events} events past their retention`,
          );
      } catch (error) {
        logger.error("[retention] pruning failed", error);
      }
      running = undefined;
      schedule(intervalMs);
    })();
  };

  schedule(startDelayMs);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
