import type { Db, Prisma } from "@guildhall/db";
import { actorId, type ServiceContext } from "../context.ts";
import { eventsFromAudit } from "../events/events-from-audit.ts";

type Tx = Db | Prisma.TransactionClient;

export interface AuditEntry {
  /** `<entity>.<verb>`, e.g. `organization.created`, `member.roles_assigned`. */
  action: string;
  targetType: string;
  targetId?: string | null;
  organizationId?: string | null;
  data?: Record<string, unknown>;
}

/**
 * Appends to the audit log inside the caller's transaction, so an entry exists exactly
 * when the change it describes was committed, and writes the domain events the entry
 * stands for (events/events-from-audit.ts) in the same transaction: webhooks and the event
 * stream are fed from those rows.
 */
export async function recordAudit(tx: Tx, ctx: ServiceContext, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({ data: auditRow(ctx, entry) });
  await writeEvents(tx, ctx, [entry]);
}

/**
 * `recordAudit` for many entries in one statement (bulk imports), in the caller's
 * transaction like it.
 */
export async function recordAudits(
  tx: Tx,
  ctx: ServiceContext,
  entries: readonly AuditEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  await tx.auditLog.createMany({ data: entries.map((entry) => auditRow(ctx, entry)) });
  await writeEvents(tx, ctx, entries);
}

async function writeEvents(tx: Tx, ctx: ServiceContext, entries: readonly AuditEntry[]) {
  const rows = entries.flatMap(eventsFromAudit);
  if (rows.length === 0) return;
  const actor = { actorType: ctx.actor.type, actorId: actorId(ctx) };
  await tx.domainEvent.createMany({
    data: rows.map((row) => ({
      ...row,
      data: row.data as Prisma.InputJsonValue,
      ...actor,
      path: ctx.request?.path ?? null,
      method: ctx.request?.method ?? null,
    })),
  });
}

function auditRow(ctx: ServiceContext, entry: AuditEntry) {
  return {
    actorType: ctx.actor.type,
    actorId: actorId(ctx),
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    organizationId: entry.organizationId ?? null,
    data: (entry.data ?? {}) as Prisma.InputJsonValue,
  };
}
