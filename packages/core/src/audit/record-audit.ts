import type { Db, Prisma } from "@guildhall/db";
import { sqlTable } from "@guildhall/db/sql";
import {
  newRowId,
  preparedSql,
  sqlRunner,
  standalone,
  type SqlPart,
  type SqlRunner,
} from "@guildhall/db/sql-runner";
import { actorId, type ServiceContext } from "../context.ts";
import { eventsFromAudit } from "../events/events-from-audit.ts";

/** `db`, a Prisma transaction, or the runner of a `withSqlTransaction`. */
type Tx = Db | Prisma.TransactionClient | SqlRunner;

export interface AuditEntry {
  /** `<entity>.<verb>`, e.g. `organization.created`, `member.roles_assigned`. */
  action: string;
  targetType: string;
  targetId?: string | null;
  organizationId?: string | null;
  data?: Record<string, unknown>;
}

const a = sqlTable("AuditLog");
const ev = sqlTable("DomainEvent");

/**
 * The entries and the events they stand for, as a part of a statement (see SqlPart): both
 * from JSON arrays, so a bulk import writes hundreds at once, and a service's own write can
 * carry its entry in the same statement.
 */
export const auditPart: SqlPart<{ ctx: ServiceContext; entries: readonly AuditEntry[] }> = {
  arity: 7,
  sql: (v, when) => `
  audit_entries AS (
    INSERT INTO ${a.ref} (${a.col.id}, ${a.col.actorType}, ${a.col.actorId}, ${a.col.action}, ${a.col.targetType},
      ${a.col.targetId}, ${a.col.organizationId}, ${a.col.data}, ${a.col.createdAt})
    SELECT x.id, ${v(3)}::text, ${v(4)}::text, x.action, x."targetType", x."targetId", x."organizationId", coalesce(x.data, '{}'), ${v(5)}::timestamp(3)
    FROM jsonb_to_recordset(${v(1)}::jsonb)
      AS x(id text, action text, "targetType" text, "targetId" text, "organizationId" text, data jsonb)
    WHERE ${when}),
  audit_events AS (
    INSERT INTO ${ev.ref} (${ev.col.event}, ${ev.col.organizationId}, ${ev.col.userId}, ${ev.col.applicationId},
      ${ev.col.data}, ${ev.col.path}, ${ev.col.method}, ${ev.col.actorType}, ${ev.col.actorId}, ${ev.col.createdAt})
    SELECT y.event, y."organizationId", y."userId", y."applicationId", y.data, ${v(6)}::text, ${v(7)}::text, ${v(3)}::text, ${v(4)}::text, ${v(5)}::timestamp(3)
    FROM jsonb_to_recordset(${v(2)}::jsonb)
      AS y(event text, "organizationId" text, "userId" text, "applicationId" text, data jsonb)
    WHERE ${when})`,
  values: ({ ctx, entries }) => [
    JSON.stringify(
      entries.map((entry) => ({
        id: newRowId(),
        action: entry.action,
        targetType: entry.targetType,
        targetId: entry.targetId ?? null,
        organizationId: entry.organizationId ?? null,
        data: entry.data ?? {},
      })),
    ),
    JSON.stringify(entries.flatMap(eventsFromAudit)),
    ctx.actor.type,
    actorId(ctx),
    new Date(),
    ctx.request?.path ?? null,
    ctx.request?.method ?? null,
  ],
};

const RECORD_SQL = preparedSql(standalone(auditPart));

/**
 * Appends to the audit log inside the caller's transaction, so an entry exists exactly
 * when the change it describes was committed, and writes the domain events the entry
 * stands for (events/events-from-audit.ts) in the same transaction: webhooks and the event
 * stream are fed from those rows.
 */
export async function recordAudit(tx: Tx, ctx: ServiceContext, entry: AuditEntry): Promise<void> {
  await recordAudits(tx, ctx, [entry]);
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
  await sqlRunner(tx).execute(RECORD_SQL, auditPart.values({ ctx, entries }));
}
