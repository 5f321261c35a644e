import type { Db, Prisma } from "@guildhall/db";
import { prismaStatement, sqlTable } from "@guildhall/db/sql";
import type { SqlRunner } from "@guildhall/db/sql-runner";
import { recordAudits } from "../audit/record-audit.ts";
import type { ServiceContext } from "../context.ts";

const i = sqlTable("OrganizationInvitation");
const inner = sqlTable("OrganizationInvitation", "gh_i");

// Oldest expiry first, rows another transaction holds (being accepted or revoked right now)
// skipped: that transaction decides their fate, and the next sweep sees what is left.
const EXPIRE_SQL = prismaStatement(`
  UPDATE ${i.name} SET ${i.col.status} = 'Expired', ${i.col.pendingKey} = NULL, ${i.col.updatedAt} = now()
  WHERE ${i.col.id} IN (
    SELECT ${inner.col.id} FROM ${inner.ref}
    WHERE ${inner.col.status} = 'Pending' AND ${inner.col.expiresAt} <= $1
    ORDER BY ${inner.col.expiresAt} LIMIT $2 FOR UPDATE SKIP LOCKED)
  RETURNING ${i.col.id} AS id, ${i.col.organizationId} AS "organizationId"`);

/** Invitations marked per transaction: bounds the transaction and the events it writes. */
export const EXPIRE_INVITATIONS_BATCH = 200;

export interface ExpireInvitationsResult {
  /** Invitations marked Expired. */
  expired: number;
  /** Whether the last batch was full: more may be waiting. */
  more: boolean;
}

/**
 * Marks Pending invitations whose expiry has passed as Expired (and frees their pending key), in
 * batches of `batchSize`, each with one `invitation.expired` audit entry per invitation — which
 * emits `OrganizationInvitation.Expired`. A system job: the event pump runs it every minute.
 * Runs at most `maxBatches` transactions per call, so one call stays short.
 *
 * @example
 * const { expired } = await expireInvitations({ db });
 */
export async function expireInvitations({
  db,
  now = new Date(),
  batchSize = EXPIRE_INVITATIONS_BATCH,
  maxBatches = 5,
}: {
  db: Db;
  now?: Date;
  batchSize?: number;
  maxBatches?: number;
}): Promise<ExpireInvitationsResult> {
  const ctx: ServiceContext = { db, actor: { type: "system" } };
  let expired = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const count = await db.$transaction((tx) => expireBatch(tx, ctx, now, batchSize));
    expired += count;
    if (count < batchSize) return { expired, more: false };
  }
  return { expired, more: true };
}

/** One batch inside the caller's transaction: the rows marked, with their audit entries. */
export async function expireBatch(
  tx: Prisma.TransactionClient,
  ctx: ServiceContext,
  now: Date,
  batchSize: number,
): Promise<number> {
  const rows = await tx.$queryRaw<{ id: string; organizationId: string | null }[]>(
    EXPIRE_SQL,
    now,
    batchSize,
  );
  await recordExpired(tx, ctx, rows);
  return rows.length;
}

/**
 * The audit entries (and so the `OrganizationInvitation.Expired` events) of invitations just
 * marked Expired: the one way an expiry is reported, by the sweep and where an expired
 * invitation is found in passing (a new invitation for the same invitee).
 */
export async function recordExpired(
  tx: Prisma.TransactionClient | SqlRunner,
  ctx: ServiceContext,
  rows: readonly { id: string; organizationId: string | null }[],
): Promise<void> {
  await recordAudits(
    tx,
    ctx,
    rows.map((row) => ({
      action: "invitation.expired",
      targetType: "invitation",
      targetId: row.id,
      organizationId: row.organizationId,
    })),
  );
}
