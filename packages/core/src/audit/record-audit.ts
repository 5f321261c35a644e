import type { Db, Prisma } from "@guildhall/db";
import { actorId, type ServiceContext } from "../context.ts";

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
 * when the change it describes was committed. Later, webhooks and the event stream read
 * the same entries.
 */
export async function recordAudit(tx: Tx, ctx: ServiceContext, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({ data: auditRow(ctx, entry) });
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
