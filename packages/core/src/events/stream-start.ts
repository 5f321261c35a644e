import type { Db } from "@guildhall/db";

export interface StreamStartRequest {
  /** The `Last-Event-ID` the client sent: the last position it received. Wins over `since`. */
  lastEventId?: bigint;
  /** Start with the events created at or after this time. */
  since?: Date;
}

export interface StreamStart {
  /** Send every retained event after this position, then live events. */
  afterSeq: bigint;
  /**
   * The client's position cannot be resumed without a gap: the events after it are no longer
   * retained (older than the retention period), or the position is unknown here (a restored
   * database). The stream says so (`event: reset`) before sending what it has.
   */
  reset: boolean;
}

/**
 * Where an event stream starts for a client: after its `Last-Event-ID`, at a time (`since`), or
 * live (after the latest position) when it names neither. Positions only grow and are
 * retained for `eventRetentionDays`; a client that was away longer gets `reset` and every
 * retained event.
 */
export async function resolveStreamStart(
  db: Db,
  request: StreamStartRequest,
): Promise<StreamStart> {
  const [bounds, oldest] = await Promise.all([
    db.domainEvent.aggregate({ where: { seq: { not: null } }, _max: { seq: true } }),
    db.domainEvent.findFirst({
      where: { seq: { not: null } },
      orderBy: { seq: "asc" },
      select: { seq: true, createdAt: true },
    }),
  ]);
  const latest = bounds._max.seq ?? 0n;
  // Positions start at 1: an oldest position above 1 means older events were pruned.
  const oldestSeq = oldest?.seq ?? latest + 1n;
  const pruned = oldestSeq > 1n;

  if (request.lastEventId !== undefined) {
    const last = request.lastEventId;
    // Every position a client received was committed before it was sent, so one above the
    // latest can only come from another database.
    if (last > latest || last < oldestSeq - 1n) return { afterSeq: oldestSeq - 1n, reset: true };
    return { afterSeq: last, reset: false };
  }
  if (request.since !== undefined) {
    const since = request.since;
    if (pruned && oldest && since < oldest.createdAt)
      return { afterSeq: oldestSeq - 1n, reset: true };
    // `createdAt` is when the change was written; a transaction that wrote before `since` but
    // committed after it has a later position and is sent too (harmless), and nothing written
    // after `since` has an earlier position than the first such event.
    const first = await db.domainEvent.findFirst({
      where: { seq: { not: null }, createdAt: { gte: since } },
      orderBy: { seq: "asc" },
      select: { seq: true },
    });
    return { afterSeq: first?.seq != null ? first.seq - 1n : latest, reset: false };
  }
  return { afterSeq: latest, reset: false };
}
