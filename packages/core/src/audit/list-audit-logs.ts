import type { Db, Prisma } from "@guildhall/db";
import {
  isAuditActionPrefix,
  listAuditLogsInput,
  listOrganizationAuditLogsInput,
  type AuditLogEntry,
  type AuditLogPage,
  type ListAuditLogsInput,
  type ListOrganizationAuditLogsInput,
} from "@guildhall/validators";
import { BUILT_IN_PERMISSIONS } from "@guildhall/validators";
import { assertCanManageTenant, type ServiceContext } from "../context.ts";
import { authorizeInOrganization } from "../organization-access/authorize-in-organization.ts";
import { organizationNotFound } from "../organizations/select.ts";
import { parseInput } from "../parse.ts";
import { escapeLike } from "../shared/like.ts";
import { decodeAuditCursor, encodeAuditCursor } from "./cursor.ts";
import { resolveAuditNames } from "./names.ts";

export const auditLogSelect = {
  id: true,
  actorType: true,
  actorId: true,
  action: true,
  targetType: true,
  targetId: true,
  organizationId: true,
  data: true,
  createdAt: true,
} satisfies Prisma.AuditLogSelect;
type AuditLogRow = Prisma.AuditLogGetPayload<{ select: typeof auditLogSelect }>;

/** Newest first; the id breaks ties between entries of the same millisecond. */
const ORDER = [
  { createdAt: "desc" },
  { id: "desc" },
] satisfies Prisma.AuditLogOrderByWithRelationInput[];

function whereOf(filters: ReturnType<typeof listAuditLogsInput.parse>): Prisma.AuditLogWhereInput {
  const { actorId, actorType, organizationId, action, targetType, targetId, from, to, cursor } =
    filters;
  const position = cursor ? decodeAuditCursor(cursor) : null;
  return {
    actorId,
    actorType,
    organizationId,
    targetType,
    targetId,
    // Prisma hands `startsWith` to LIKE unescaped: escaped here, `_` in an action matches itself.
    action: action
      ? isAuditActionPrefix(action)
        ? { startsWith: escapeLike(action) }
        : action
      : undefined,
    createdAt: from || to ? { gte: from, lt: to } : undefined,
    // Keyset: strictly after the last entry of the previous page in (createdAt, id) order,
    // served by the (createdAt, id) and (organizationId, createdAt, id) indexes.
    ...(position
      ? {
          OR: [
            { createdAt: { lt: position.createdAt } },
            { createdAt: position.createdAt, id: { lt: position.id } },
          ],
        }
      : {}),
  };
}

/** Audit rows as entries: ids resolved to the names they have now. */
export async function toAuditLogEntries(
  db: Db,
  rows: readonly AuditLogRow[],
): Promise<AuditLogEntry[]> {
  const names = await resolveAuditNames(db, rows);
  return rows.map((row) => ({
    ...row,
    actorLabel: names.actor(row)?.name ?? null,
    targetLabel: names.target(row)?.name ?? null,
    organizationName: names.organizationName(row),
    data: isRecord(row.data) ? row.data : { value: row.data },
  }));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

async function readPage(
  ctx: ServiceContext,
  input: ReturnType<typeof listAuditLogsInput.parse>,
): Promise<AuditLogPage> {
  const where = whereOf(input);
  const { page, pageSize } = input;
  const [rows, total] = await Promise.all([
    ctx.db.auditLog.findMany({
      where,
      orderBy: ORDER,
      ...(page === undefined ? {} : { skip: (page - 1) * pageSize }),
      // One more than the page: whether there is a next page, without counting.
      take: pageSize + 1,
      select: auditLogSelect,
    }),
    page === undefined ? undefined : ctx.db.auditLog.count({ where }),
  ]);
  const items = rows.slice(0, pageSize);
  const last = items.at(-1);
  return {
    items: await toAuditLogEntries(ctx.db, items),
    nextCursor: rows.length > pageSize && last ? encodeAuditCursor(last) : null,
    ...(total === undefined ? {} : { total }),
  };
}

/**
 * The audit log, newest first, filtered by actor, organization, action (exact, or a prefix
 * ending in `.` such as `member.`), target and time range. Pages are keyset pages over
 * (createdAt, id): pass the answer's `nextCursor` as `cursor` for the next one, so entries
 * written meanwhile never shift or repeat a page (`page` gives numbered pages and `total`
 * instead, for the Management API's Logto-style paging). Console members (collaborators too: they
 * manage the tenant), the Management API and the system may read it; end users may not.
 * @throws auth.forbidden, guard.invalid_input (a filter, or a cursor this list did not give)
 */
export async function listAuditLogs(
  ctx: ServiceContext,
  input: ListAuditLogsInput = {},
): Promise<AuditLogPage> {
  assertCanManageTenant(ctx);
  return readPage(ctx, parseInput(listAuditLogsInput, input));
}

/**
 * `listAuditLogs` for one organization (the organization detail's Audit tab): the entries
 * recorded with its id (its settings, members, their roles, invitations, applications).
 * Members holding `guildhall:audit:read` read their own organization's.
 * @throws auth.forbidden, organization.not_found, guard.invalid_input
 */
export async function listOrganizationAuditLogs(
  ctx: ServiceContext,
  input: ListOrganizationAuditLogsInput,
): Promise<AuditLogPage> {
  if (ctx.actor.type !== "user") assertCanManageTenant(ctx);
  const parsed = parseInput(listOrganizationAuditLogsInput, input);
  await authorizeInOrganization(ctx, parsed.organizationId, BUILT_IN_PERMISSIONS.auditRead);
  const [organization, page] = await Promise.all([
    ctx.db.organization.findUnique({ where: { id: parsed.organizationId }, select: { id: true } }),
    readPage(ctx, parsed),
  ]);
  if (!organization) throw organizationNotFound(parsed.organizationId);
  return page;
}
