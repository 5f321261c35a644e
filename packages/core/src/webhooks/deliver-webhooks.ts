import type { Db } from "@guildhall/db";
import { prismaStatement, sqlTable } from "@guildhall/db/sql";
import { webhookPayload } from "./payload.ts";
import { headersOf, openSigningKey, webhookMessageId } from "./select.ts";
import { WEBHOOK_TIMEOUT_MS, type WebhookSender, type WebhookSendResult } from "./sender.ts";
import { signatureHeaders } from "./signing.ts";

/**
 * Delays before the 2nd, 3rd, ... attempt: 10 s, 30 s, 1.5 min, 5 min, 20 min, 1 h, 4 h
 * (each ±20 % jitter) — 8 attempts over about 5.6 hours, then Failed.
 */
export const DEFAULT_WEBHOOK_BACKOFF_MS: readonly number[] = [
  10_000, 30_000, 90_000, 300_000, 1_200_000, 3_600_000, 14_400_000,
];
/** How long a claimed (Sending) delivery is held before another process may take it over. */
export const WEBHOOK_LEASE_MS = 60_000;
/** Deliveries of one webhook claimed at once (sent one after the other, in order). */
export const DEFAULT_PER_WEBHOOK_BATCH = 200;
/** Webhooks served per round. */
export const DEFAULT_MAX_WEBHOOKS = 64;
/** Webhooks sent to at the same time within a round. */
export const DEFAULT_WEBHOOK_CONCURRENCY = 16;

export interface WebhookLogger {
  error(message: string, error?: unknown): void;
}

export const consoleWebhookLogger: WebhookLogger = {
  error: (message, error) =>
    error === undefined ? console.error(message) : console.error(message, error),
};

export interface DeliverWebhooksOptions {
  db: Db;
  /** Opens the signing keys. */
  instanceSecret: string;
  sender: WebhookSender;
  now?: () => Date;
  /** Delays before each retry (see DEFAULT_WEBHOOK_BACKOFF_MS); attempts = length + 1. */
  backoffMs?: readonly number[];
  random?: () => number;
  perWebhookBatch?: number;
  maxWebhooks?: number;
  concurrency?: number;
  leaseMs?: number;
  /** The per-request timeout of `sender`: a webhook's batch stops starting sends in time to end within the lease. */
  timeoutMs?: number;
  logger?: WebhookLogger;
  /** Called once deliveries are claimed, before they are sent (the worker starts another round). */
  onClaimed?: (count: number) => void;
}

export interface WebhookDeliveryReport {
  claimed: number;
  sent: number;
  retrying: number;
  failed: number;
  /** Claimed but not attempted (an earlier delivery of the same webhook failed): pending again. */
  released: number;
}

const h = sqlTable("Webhook", "h");
const d = sqlTable("WebhookDelivery", "d");
const x = sqlTable("WebhookDelivery", "x");
const D = sqlTable("WebhookDelivery").col;

const utc = (n: number) => `($${n}::timestamptz AT TIME ZONE 'UTC')`;

// Step 1: lock the webhooks that have due work, skipping those another process is claiming
// for. A webhook is claimed for by one transaction at a time, so its head is computed by one.
const LOCK_WEBHOOKS_SQL = prismaStatement(`
  SELECT ${h.col.id} AS id, ${h.col.url} AS url, ${h.col.headers} AS headers,
         ${h.col.signingSecretEncrypted} AS "sealedKey"
  FROM ${h.ref}
  WHERE ${h.col.enabled} AND EXISTS (
    SELECT 1 FROM ${d.ref}
    WHERE ${d.col.webhookId} = ${h.col.id} AND ${d.col.status} IN ('Pending', 'Sending')
      AND ${d.col.nextAttemptAt} <= ${utc(1)})
  ORDER BY random()
  LIMIT $2
  FOR NO KEY UPDATE OF h SKIP LOCKED`);

// Step 2 (a new statement, so it sees every commit up to the lock): per webhook, its unfinished
// deliveries in event order, and of those the leading run that is due. A head that waits for
// its retry holds back everything behind it; a head another process is sending (Sending, lease
// not expired) too. The claimed rows become Sending until the lease ends, which is also the
// fencing token their results are written with.
const CLAIM_SQL = prismaStatement(`
  UPDATE ${d.ref} SET ${D.status} = 'Sending', ${D.nextAttemptAt} = ${utc(1)}
  FROM (
    SELECT run.id FROM unnest($2::text[]) AS w(id)
    CROSS JOIN LATERAL (
      SELECT y.id, bool_and(y.due) OVER (ORDER BY y.seq) AS ready FROM (
        SELECT ${x.col.id} AS id, ${x.col.eventSeq} AS seq, ${x.col.nextAttemptAt} <= ${utc(3)} AS due
        FROM ${x.ref}
        WHERE ${x.col.webhookId} = w.id AND ${x.col.status} IN ('Pending', 'Sending')
        ORDER BY ${x.col.eventSeq}
        LIMIT $4
      ) y
    ) run
    WHERE run.ready
  ) c
  WHERE ${d.col.id} = c.id
  RETURNING ${d.col.id} AS id, ${d.col.webhookId} AS "webhookId", ${d.col.eventId} AS "eventId",
            ${d.col.eventSeq} AS "eventSeq", ${d.col.attempts} AS attempts`);

// Results of a webhook's batch in one statement; rows another process took over (a different
// lease) are left alone.
const SETTLE_SQL = prismaStatement(`
  UPDATE ${d.ref} SET
    ${D.status} = u.status::"DeliveryStatus", ${D.attempts} = u.attempts,
    ${D.nextAttemptAt} = (u.next::timestamptz AT TIME ZONE 'UTC'),
    ${D.responseStatus} = u.rs, ${D.responseBody} = u.rb, ${D.latencyMs} = u.lat,
    ${D.lastError} = u.err, ${D.deliveredAt} = (u.delivered::timestamptz AT TIME ZONE 'UTC')
  FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::int[], $6::text[], $7::int[],
              $8::text[], $9::text[]) AS u(id, status, attempts, next, rs, rb, lat, err, delivered)
  WHERE ${d.col.id} = u.id AND ${d.col.status} = 'Sending' AND ${d.col.nextAttemptAt} = ${utc(10)}`);

const RELEASE_SQL = prismaStatement(`
  UPDATE ${d.ref} SET ${D.status} = 'Pending', ${D.nextAttemptAt} = ${utc(1)}
  WHERE ${d.col.id} = ANY ($2::text[]) AND ${d.col.status} = 'Sending'
    AND ${d.col.nextAttemptAt} = ${utc(3)}`);

interface LockedWebhook {
  id: string;
  url: string;
  headers: unknown;
  sealedKey: string;
}

interface ClaimedDelivery {
  id: string;
  webhookId: string;
  eventId: bigint;
  eventSeq: bigint;
  attempts: number;
}

interface Outcome {
  id: string;
  status: "Sent" | "Pending" | "Failed";
  attempts: number;
  next: Date;
  result: WebhookSendResult;
  delivered: Date | null;
}

/** The delay before attempt `attempts + 1`, jittered ±20 %; null when attempts are used up. */
export function retryDelayMs(
  attempts: number,
  backoffMs: readonly number[] = DEFAULT_WEBHOOK_BACKOFF_MS,
  random: () => number = Math.random,
): number | null {
  const base = backoffMs[attempts - 1];
  if (base === undefined) return null;
  return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * One round of webhook delivery. Claims the due deliveries of up to `maxWebhooks` webhooks
 * (per webhook, the leading run of its unfinished deliveries in event order, up to
 * `perWebhookBatch`), sends each webhook's batch in order over kept-alive connections —
 * webhooks in parallel, up to `concurrency` — and writes each batch's results in one
 * statement. 2xx is Sent; any other status, a timeout or a network error schedules a retry
 * (`backoffMs`), and after the last attempt the delivery is Failed; a refused address (SSRF
 * filter) is Failed at once, since retrying cannot help until an operator allows the host.
 * When a delivery fails, the rest of its webhook's batch is not attempted (released, still
 * pending behind it), so a receiver never sees an event before an earlier one.
 *
 * Claims use `FOR ... SKIP LOCKED` and a lease, so processes never send the same delivery at
 * once; a process that dies mid-batch leaves its rows Sending until the lease ends, then they
 * are claimed again (at-least-once: receivers dedupe on `webhook-id`).
 */
export async function deliverPendingWebhooks(
  options: DeliverWebhooksOptions,
): Promise<WebhookDeliveryReport> {
  const { db, sender, instanceSecret } = options;
  const clock = options.now ?? (() => new Date());
  const leaseMs = options.leaseMs ?? WEBHOOK_LEASE_MS;
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const logger = options.logger ?? consoleWebhookLogger;
  const report: WebhookDeliveryReport = {
    claimed: 0,
    sent: 0,
    retrying: 0,
    failed: 0,
    released: 0,
  };

  const claimedAt = clock();
  const lease = new Date(claimedAt.getTime() + leaseMs);
  const { hooks, claimed } = await db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<LockedWebhook[]>(
      LOCK_WEBHOOKS_SQL,
      claimedAt.toISOString(),
      options.maxWebhooks ?? DEFAULT_MAX_WEBHOOKS,
    );
    if (locked.length === 0) return { hooks: locked, claimed: [] as ClaimedDelivery[] };
    const rows = await tx.$queryRaw<ClaimedDelivery[]>(
      CLAIM_SQL,
      lease.toISOString(),
      locked.map((hook) => hook.id),
      claimedAt.toISOString(),
      options.perWebhookBatch ?? DEFAULT_PER_WEBHOOK_BATCH,
    );
    return { hooks: locked, claimed: rows };
  });
  report.claimed = claimed.length;
  if (claimed.length === 0) return report;
  options.onClaimed?.(claimed.length);

  const events = new Map(
    (
      await db.domainEvent.findMany({
        where: { id: { in: [...new Set(claimed.map((row) => row.eventId))] } },
      })
    ).map((event) => [event.id, event]),
  );
  const batches = new Map<string, ClaimedDelivery[]>();
  for (const row of claimed) {
    const batch = batches.get(row.webhookId) ?? [];
    batch.push(row);
    batches.set(row.webhookId, batch);
  }
  // Sends stop starting in time for the last one to end before the lease does.
  const budgetMs = Math.max(leaseMs - timeoutMs - 5000, 0);
  const started = performance.now();

  const deliverBatch = async (hook: LockedWebhook, batch: ClaimedDelivery[]) => {
    batch.sort((a, b) => (a.eventSeq < b.eventSeq ? -1 : 1));
    const outcomes: Outcome[] = [];
    let signingKey: string | undefined;
    let keyError: string | undefined;
    try {
      signingKey = openSigningKey(hook.sealedKey, instanceSecret);
    } catch (error) {
      keyError = error instanceof Error ? error.message : String(error);
    }
    const customHeaders = headersOf(hook.headers as never);
    for (const row of batch) {
      if (outcomes.length > 0 && performance.now() - started > budgetMs) break;
      const event = events.get(row.eventId);
      const at = clock();
      let result: WebhookSendResult;
      if (!event || signingKey === undefined) {
        // The event was pruned, or the key cannot be opened: an attempt that could not be made.
        result = {
          ok: false,
          responseStatus: null,
          responseBody: null,
          latencyMs: 0,
          error: keyError ?? "The event no longer exists (pruned after the retention period).",
          refused: false,
        };
      } else {
        const body = JSON.stringify(webhookPayload(hook.id, event));
        result = await sender.send({
          url: hook.url,
          body,
          headers: {
            ...customHeaders,
            ...signatureHeaders({
              body,
              signingKey,
              messageId: webhookMessageId(row.eventSeq),
              timestamp: at,
            }),
          },
        });
      }
      const outcome = settleOutcome(row, result, clock(), options);
      outcomes.push(outcome);
      // A retry pending: later events wait behind it.
      if (outcome.status === "Pending") break;
      if (outcome.status === "Failed") {
        logger.error(
          `[webhooks] delivery ${row.id} to webhook ${hook.id} failed after ${outcome.attempts} attempt(s): ${result.error ?? ""}`,
        );
      }
    }
    const released = batch.slice(outcomes.length).map((row) => row.id);
    await writeOutcomes(db, outcomes, lease);
    if (released.length > 0)
      await db.$executeRaw(RELEASE_SQL, clock().toISOString(), released, lease.toISOString());
    for (const outcome of outcomes) {
      if (outcome.status === "Sent") report.sent += 1;
      else if (outcome.status === "Failed") report.failed += 1;
      else report.retrying += 1;
    }
    report.released += released.length;
  };

  const queue = hooks.filter((hook) => batches.has(hook.id));
  const workers = Array.from(
    { length: Math.min(options.concurrency ?? DEFAULT_WEBHOOK_CONCURRENCY, queue.length) },
    async () => {
      for (let hook = queue.shift(); hook; hook = queue.shift())
        await deliverBatch(hook, batches.get(hook.id) ?? []);
    },
  );
  const results = await Promise.allSettled(workers);
  // A send error is recorded on its row; what lands here is a database error.
  const dbError = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (dbError) throw dbError.reason;
  return report;
}

function settleOutcome(
  row: ClaimedDelivery,
  result: WebhookSendResult,
  at: Date,
  options: Pick<DeliverWebhooksOptions, "backoffMs" | "random">,
): Outcome {
  const attempts = row.attempts + 1;
  if (result.ok) return { id: row.id, status: "Sent", attempts, next: at, result, delivered: at };
  const delay = result.refused ? null : retryDelayMs(attempts, options.backoffMs, options.random);
  if (delay === null)
    return { id: row.id, status: "Failed", attempts, next: at, result, delivered: null };
  return {
    id: row.id,
    status: "Pending",
    attempts,
    next: new Date(at.getTime() + delay),
    result,
    delivered: null,
  };
}

async function writeOutcomes(db: Db, outcomes: Outcome[], lease: Date): Promise<void> {
  if (outcomes.length === 0) return;
  await db.$executeRaw(
    SETTLE_SQL,
    outcomes.map((o) => o.id),
    outcomes.map((o) => o.status),
    outcomes.map((o) => o.attempts),
    outcomes.map((o) => o.next.toISOString()),
    outcomes.map((o) => o.result.responseStatus),
    outcomes.map((o) => o.result.responseBody),
    outcomes.map((o) => o.result.latencyMs),
    outcomes.map((o) => o.result.error),
    outcomes.map((o) => o.delivered?.toISOString() ?? null),
    lease.toISOString(),
  );
}
