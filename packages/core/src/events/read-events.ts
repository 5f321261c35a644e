import type { Db } from "@guildhall/db";
import type { DomainEventPayload, EventName } from "@guildhall/validators";

export interface ReadEventsOptions {
  /** Return events after this position (exclusive); 0 for the oldest retained. */
  afterSeq: bigint;
  limit: number;
  /** Only events of these organizations (an application's own); undefined means all. */
  organizationIds?: readonly string[];
}

/**
 * Sequenced events after a position, oldest first: what the event stream sends and what a
 * `Last-Event-ID` resumes from. Unsequenced events (not yet committed, or committed in the
 * last few milliseconds) are not returned yet, so a resumed reader never skips one.
 */
export async function readEventsAfter(
  db: Db,
  options: ReadEventsOptions,
): Promise<DomainEventPayload[]> {
  const rows = await db.domainEvent.findMany({
    where: {
      seq: { gt: options.afterSeq },
      ...(options.organizationIds ? { organizationId: { in: [...options.organizationIds] } } : {}),
    },
    orderBy: { seq: "asc" },
    take: options.limit,
  });
  return rows.map(toEventPayload);
}

/** The highest position given so far (0 when there are no events): where a live stream starts. */
export async function latestEventSeq(db: Db): Promise<bigint> {
  const row = await db.domainEvent.aggregate({ _max: { seq: true } });
  return row._max.seq ?? 0n;
}

type EventRecord = Awaited<ReturnType<Db["domainEvent"]["findFirstOrThrow"]>>;

/** An event row as webhooks and the event stream carry it. */
export function toEventPayload(row: EventRecord): DomainEventPayload {
  return {
    id: String(row.seq ?? row.id),
    event: row.event as EventName,
    createdAt: row.createdAt.toISOString(),
    organizationId: row.organizationId,
    userId: row.userId,
    applicationId: row.applicationId,
    data: row.data as Record<string, unknown>,
    ...(row.path ? { path: row.path } : {}),
    ...(row.method ? { method: row.method } : {}),
  };
}
