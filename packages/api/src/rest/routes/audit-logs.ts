import {
  getAuditLog,
  getInstanceSettings,
  listAuditLogs,
  listOrganizationAuditLogs,
  updateInstanceSettings,
} from "@guildhall/core";
import type { AuditLogEntry, AuditLogPage } from "@guildhall/validators";
import {
  restAuditLog,
  restIdParams,
  restListAuditLogsQuery,
  restListOrganizationAuditLogsQuery,
  restRetentionConfig,
  restUpdateRetentionConfigBody,
  type RestAuditLog,
  type RestListAuditLogsQuery,
} from "@guildhall/validators/rest";
import { E } from "../errors.ts";
import { cursorListRoute, jsonRoute, type CursorPage } from "../router.ts";

const tag = "Audit logs";

const toRestAuditLog = (entry: AuditLogEntry): RestAuditLog => ({
  ...entry,
  createdAt: entry.createdAt.getTime(),
});

/** The REST query as the service's filters. */
export function filtersOf(query: Omit<RestListAuditLogsQuery, "organizationId">, page: CursorPage) {
  const { startTime, endTime, cursor, ...rest } = query;
  return {
    ...rest,
    from: startTime,
    to: endTime,
    cursor,
    pageSize: page.pageSize,
    ...(page.page === null ? {} : { page: page.page }),
  };
}

export const toRestPage = ({ items, nextCursor, total }: AuditLogPage) => ({
  items: items.map(toRestAuditLog),
  nextCursor,
  total,
});

const LIST_DESCRIPTION =
  "Newest first. Filters combine: `actorId` or `actorType`, `action` (exact, or a prefix ending in `.`), `targetType`, `targetId`, and a time range (`startTime` inclusive, `endTime` exclusive; ISO 8601 or epoch milliseconds). Paged by cursor (`Next-Cursor` header), or with `page` by number. Unlike Logto's `/api/logs` (sign-in and API request logs), these are change records: one per change, with its data.";

export const auditLogRoutes = [
  cursorListRoute({
    method: "GET",
    path: "/api/audit-logs",
    operationId: "ListAuditLogs",
    tag,
    summary: "Get audit logs",
    description: LIST_DESCRIPTION,
    query: restListAuditLogsQuery,
    response: restAuditLog,
    handler: async ({ ctx, query, page }) =>
      toRestPage(
        await listAuditLogs(ctx, {
          ...filtersOf(query, page),
          organizationId: query.organizationId,
        }),
      ),
  }),
  jsonRoute({
    method: "GET",
    path: "/api/audit-logs/{id}",
    operationId: "GetAuditLog",
    tag,
    summary: "Get audit log",
    description: "One entry, with its data (often `before` and `after`).",
    params: restIdParams,
    response: restAuditLog,
    errors: [E.notExistsWithId],
    handler: async ({ ctx, params }) => toRestAuditLog(await getAuditLog(ctx, params)),
  }),
  cursorListRoute({
    method: "GET",
    path: "/api/organizations/{id}/audit-logs",
    operationId: "ListOrganizationAuditLogs",
    tag,
    summary: "Get audit logs of an organization",
    description: `The entries recorded for the organization: its settings, members and their roles, invitations, applications. ${LIST_DESCRIPTION}`,
    params: restIdParams,
    query: restListOrganizationAuditLogsQuery,
    response: restAuditLog,
    errors: [E.notExistsWithId],
    handler: async ({ ctx, params, query, page }) =>
      toRestPage(
        await listOrganizationAuditLogs(ctx, {
          ...filtersOf(query, page),
          organizationId: params.id,
        }),
      ),
  }),
  jsonRoute({
    method: "GET",
    path: "/api/configs/retention",
    operationId: "GetRetentionConfig",
    tag: "Configs",
    summary: "Get retention settings",
    description:
      "How many days audit entries and events are kept. Older ones are deleted by a job that runs at start and every 6 hours.",
    response: restRetentionConfig,
    handler: ({ ctx }) => getInstanceSettings(ctx),
  }),
  jsonRoute({
    method: "PATCH",
    path: "/api/configs/retention",
    operationId: "UpdateRetentionConfig",
    tag: "Configs",
    summary: "Update retention settings",
    description:
      "Changes the fields given. A shorter retention deletes the older entries at the next pruning run.",
    body: restUpdateRetentionConfigBody,
    response: restRetentionConfig,
    handler: ({ ctx, body }) => updateInstanceSettings(ctx, body),
  }),
];
