import { ADVISORY_LOCKS, type Db } from "@guildhall/db";
import { prismaStatement, sqlTable } from "@guildhall/db/sql";

const e = sqlTable("DomainEvent", "e");
const ev = sqlTable("DomainEvent");
const h = sqlTable("Webhook", "h");
const d = sqlTable("WebhookDelivery");

const LOCK_SQL = prismaStatement(`SELECT pg_try_advisory_xact_lock($1::bigint) AS locked`);

// Positions continue from the highest one given (an index-only scan of the unique index).
// Rows are numbered in insertion order; a row committed later than a higher id simply gets
// a later position, which is the point: a reader that has seen position N has seen every
// event that will ever have a position <= N.
const SEQUENCE_SQL = prismaStatement(`
  WITH base AS (SELECT coalesce(max(${ev.col.seq}), 0) AS b FROM ${ev.name}),
  pending AS (
    SELECT ${ev.col.id} AS id, row_number() OVER (ORDER BY ${ev.col.id}) AS n
    FROM ${ev.name} WHERE ${ev.col.seq} IS NULL ORDER BY ${ev.col.id} LIMIT $1
  )
  UPDATE ${e.ref} SET ${ev.col.seq} = base.b + pending.n
  FROM pending, base WHERE ${e.col.id} = pending.id
  RETURNING ${e.col.id} AS id`);

// One delivery per enabled webhook subscribed to the event, in the same transaction as the
// position: a webhook sees exactly the events sequenced after it was enabled.
const FAN_OUT_SQL = prismaStatement(`
  INSERT INTO ${d.name} (${d.col.id}, ${d.col.webhookId}, ${d.col.eventId}, ${d.col.eventSeq}, ${d.col.event}, ${d.col.nextAttemptAt}, ${d.col.createdAt})
  SELECT gen_random_uuid()::text, ${h.col.id}, ${e.col.id}, ${e.col.seq}, ${e.col.event}, now(), now()
  FROM ${e.ref} JOIN ${h.ref} ON ${h.col.enabled} AND ${e.col.event} = ANY (${h.col.events})
  WHERE ${e.col.id} = ANY ($1::bigint[])`);

export interface SequenceResult {
  /** Events given a position in this call. */
  sequenced: number;
  /** Webhook deliveries created for them. */
  deliveries: number;
}

/**
 * Gives committed events their position (`seq`) and creates their webhook deliveries, in one
 * transaction. One sequencer runs at a time across every process (a transaction-level
 * advisory lock; the others return at once), so positions are gap-free and only ever grow.
 * Run it often (the events worker does, every 100 ms when busy); it is cheap when idle.
 */
export async function sequenceEvents(db: Db, limit = 1000): Promise<SequenceResult> {
  return db.$transaction(async (tx) => {
    const [lock] = await tx.$queryRaw<{ locked: boolean }[]>(
      LOCK_SQL,
      ADVISORY_LOCKS.eventSequencer,
    );
    if (!lock?.locked) return { sequenced: 0, deliveries: 0 };
    const rows = await tx.$queryRaw<{ id: bigint }[]>(SEQUENCE_SQL, limit);
    if (rows.length === 0) return { sequenced: 0, deliveries: 0 };
    const deliveries = await tx.$executeRaw(
      FAN_OUT_SQL,
      rows.map((r) => r.id),
    );
    return { sequenced: rows.length, deliveries };
  });
}
