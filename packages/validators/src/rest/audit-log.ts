import { z } from "zod";
import { auditLogEntry, auditLogFilters, instanceSettings } from "../audit-log.ts";
import { text } from "../common.ts";
import { restTimestamp } from "./common.ts";

/** An audit entry as the Management API answers it: `createdAt` in epoch milliseconds. */
export const restAuditLog = auditLogEntry
  .extend({ createdAt: restTimestamp })
  .meta({ id: "AuditLog" });
export type RestAuditLog = z.output<typeof restAuditLog>;

const { actorId, actorType, action, targetType, targetId, organizationId, from } =
  auditLogFilters.shape;

const filterQuery = {
  actorId: actorId.meta({ description: "The user or application that acted." }),
  actorType: actorType.meta({
    description: "`console`, `management_api`, `user` (an end user) or `system`.",
  }),
  action: action.meta({
    description:
      "One action (`organization.updated`), or every action with a prefix when it ends in `.` (`member.`).",
  }),
  targetType: targetType.meta({ description: "What kind of thing changed, e.g. `organization`." }),
  targetId: targetId.meta({ description: "The id of what changed." }),
  startTime: from.meta({
    description: "Entries at or after this time: ISO 8601 or Unix epoch milliseconds.",
  }),
  endTime: from.meta({
    description: "Entries before this time: ISO 8601 or Unix epoch milliseconds.",
  }),
  cursor: text()
    .trim()
    .min(1)
    .max(256)
    .optional()
    .meta({ description: "The `Next-Cursor` of the previous page; leave out for the newest." }),
};

/** `GET /api/audit-logs`: the filters; `page_size` (and `page`) are the pagination's. */
export const restListAuditLogsQuery = z.object({
  ...filterQuery,
  organizationId: organizationId.meta({ description: "Entries of this organization only." }),
});
export type RestListAuditLogsQuery = z.output<typeof restListAuditLogsQuery>;

/** `GET /api/organizations/{id}/audit-logs`: the same filters, the organization in the path. */
export const restListOrganizationAuditLogsQuery = z.object(filterQuery);

/** `GET /api/configs/retention`: how long audit entries and events are kept, in days. */
export const restRetentionConfig = instanceSettings
  .extend({
    auditLogRetentionDays: instanceSettings.shape.auditLogRetentionDays.meta({
      description: "Audit entries older than this many days are deleted (1 to 3650).",
    }),
    eventRetentionDays: instanceSettings.shape.eventRetentionDays.meta({
      description:
        "Events, and the webhook deliveries of each, older than this many days are deleted (1 to 90).",
    }),
  })
  .meta({ id: "RetentionConfig" });
export type RestRetentionConfig = z.output<typeof restRetentionConfig>;

/** `PATCH /api/configs/retention`: the fields given change; an unknown field is a 400. */
export const restUpdateRetentionConfigBody = z.strictObject({
  auditLogRetentionDays: instanceSettings.shape.auditLogRetentionDays.optional(),
  eventRetentionDays: instanceSettings.shape.eventRetentionDays.optional(),
});
