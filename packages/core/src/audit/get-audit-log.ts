import { getAuditLogInput, type AuditLogEntry, type GetAuditLogInput } from "@guildhall/validators";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { parseInput } from "../parse.ts";
import { auditLogSelect, toAuditLogEntries } from "./list-audit-logs.ts";

/**
 * One audit entry, with its data (often `before` and `after`) and the names of who acted, on
 * what and where. Readable by whoever may read the list.
 * @throws auth.forbidden, audit_log.not_found
 */
export async function getAuditLog(
  ctx: ServiceContext,
  input: GetAuditLogInput,
): Promise<AuditLogEntry> {
  assertCanManageTenant(ctx);
  const { id } = parseInput(getAuditLogInput, input);
  const row = await ctx.db.auditLog.findUnique({ where: { id }, select: auditLogSelect });
  const [entry] = row ? await toAuditLogEntries(ctx.db, [row]) : [];
  if (!entry)
    throw new DomainError("audit_log.not_found", `No audit entry has id "${id}".`, { id });
  return entry;
}
