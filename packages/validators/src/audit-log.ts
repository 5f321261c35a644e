import { z } from "zod";
import { id, text } from "./common.ts";

/** Who can appear as an audit entry's actor (`Actor["type"]` in @guildhall/core). */
export const AUDIT_ACTOR_TYPES = ["console", "management_api", "user", "system"] as const;
export const auditActorType = z.enum(AUDIT_ACTOR_TYPES, {
  error: `actorType is one of ${AUDIT_ACTOR_TYPES.join(", ")}`,
});
export type AuditActorType = z.infer<typeof auditActorType>;

export const AUDIT_LOG_MAX_PAGE_SIZE = 100;
export const AUDIT_LOG_DEFAULT_PAGE_SIZE = 20;

/**
 * An action filter: `member.removed` matches that action only; a value ending in `.`
 * (`member.`) matches every action that starts with it.
 */
export const auditActionFilter = text()
  .trim()
  .min(1, "action cannot be empty")
  .max(128, "action must be at most 128 characters")
  .regex(/^[a-z0-9_.]+$/i, "action holds letters, digits, `_` and `.` only, e.g. `member.`");

/** Whether an action filter is a prefix (`member.`) rather than one action. */
export const isAuditActionPrefix = (action: string) => action.endsWith(".");

/**
 * A point in time given by a caller: an ISO 8601 text (`2025-01-31T12:00:00Z`), epoch
 * milliseconds, or a Date (tRPC's superjson keeps Dates).
 */
export const auditTime = z.union([
  z.date({ error: "Give an ISO 8601 time or epoch milliseconds" }),
  z
    .number()
    .int()
    .min(0)
    .transform((ms) => new Date(ms)),
  text()
    .trim()
    .max(64)
    .transform((value, ctx) => {
      const date = /^\d+$/.test(value) ? new Date(Number(value)) : new Date(value);
      if (Number.isNaN(date.getTime())) {
        ctx.addIssue({ code: "custom", message: "Give an ISO 8601 time or epoch milliseconds" });
        return z.NEVER;
      }
      return date;
    }),
]);

/**
 * The filters of the audit log. Every one narrows the list (they combine with AND).
 * Entries come newest first; `cursor` is the opaque `nextCursor` of the previous page.
 */
export const auditLogFilters = z.object({
  /** The user (console member, end user) or application that acted. */
  actorId: id.optional(),
  actorType: auditActorType.optional(),
  organizationId: id.optional(),
  action: auditActionFilter.optional(),
  targetType: text().trim().min(1).max(64).optional(),
  targetId: id.optional(),
  /** Entries at or after this time. */
  from: auditTime.optional(),
  /** Entries before this time. */
  to: auditTime.optional(),
});

const cursorPage = z.object({
  cursor: text().trim().min(1).max(256, "cursor is at most 256 characters").optional(),
  /**
   * Numbered pages (the Management API's `page`) instead of a cursor: the answer then has
   * `total`. Offsets cost more the further they go; the console pages by cursor.
   */
  page: z.coerce
    .number()
    .int("page must be a whole number")
    .min(1, "page starts at 1")
    .max(1_000_000_000)
    .optional(),
  pageSize: z.coerce
    .number()
    .int()
    .min(1, "pageSize must be at least 1")
    .max(AUDIT_LOG_MAX_PAGE_SIZE, `pageSize is at most ${AUDIT_LOG_MAX_PAGE_SIZE}`)
    .default(AUDIT_LOG_DEFAULT_PAGE_SIZE),
});

function timeRangeInOrder<
  T extends { from?: Date | undefined; to?: Date | undefined; page?: number; cursor?: string },
>(value: T, ctx: z.core.$RefinementCtx<T>) {
  if (value.from && value.to && value.from > value.to)
    ctx.addIssue({ code: "custom", path: ["to"], message: "to must not be before from" });
  if (value.page !== undefined && value.cursor !== undefined)
    ctx.addIssue({ code: "custom", path: ["page"], message: "Give either cursor or page" });
}

export const listAuditLogsInput = auditLogFilters
  .extend(cursorPage.shape)
  .superRefine(timeRangeInOrder);
export type ListAuditLogsInput = z.input<typeof listAuditLogsInput>;

/** The same list for one organization: `organizationId` is the organization's. */
export const listOrganizationAuditLogsInput = auditLogFilters
  .omit({ organizationId: true })
  .extend({ organizationId: id, ...cursorPage.shape })
  .superRefine(timeRangeInOrder);
export type ListOrganizationAuditLogsInput = z.input<typeof listOrganizationAuditLogsInput>;

export const getAuditLogInput = z.object({ id });
export type GetAuditLogInput = z.input<typeof getAuditLogInput>;

/** One audit entry, with the names of who acted, on what and where, when they still exist. */
export const auditLogEntry = z.object({
  id: z.string(),
  actorType: z.string(),
  /** Null for the system itself. */
  actorId: z.string().nullable(),
  /** The actor's name or email (users), or the application's name; null when unknown or gone. */
  actorLabel: z.string().nullable(),
  /** `<entity>.<verb>`, e.g. `organization.updated`. */
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  /** The target's name, when it is a kind with a name and still exists. */
  targetLabel: z.string().nullable(),
  organizationId: z.string().nullable(),
  organizationName: z.string().nullable(),
  /** What changed: often `before`/`after`, or the ids a bulk change touched. */
  data: z.record(z.string(), z.unknown()),
  createdAt: z.date(),
});
export type AuditLogEntry = z.infer<typeof auditLogEntry>;

export const auditLogPage = z.object({
  items: z.array(auditLogEntry),
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: z.string().nullable(),
  /** With `page` only: how many entries match. */
  total: z.number().int().optional(),
});
export type AuditLogPage = z.infer<typeof auditLogPage>;

// ---------------------------------------------------------------------------------------
// Instance settings

export const AUDIT_LOG_RETENTION_DAYS = { min: 1, max: 3650, default: 180 } as const;
export const EVENT_RETENTION_DAYS = { min: 1, max: 90, default: 7 } as const;

// A JSON number, not coerced: `true` or "30" in a body is a mistake to report, not a 1 or a 30.
const days = (what: string, bounds: { min: number; max: number }) =>
  z
    .number({ error: `${what} is a number of days` })
    .int(`${what} is a whole number of days`)
    .min(bounds.min, `${what} is at least ${bounds.min} day`)
    .max(bounds.max, `${what} is at most ${bounds.max} days`);

/** How long the instance keeps its history. */
export const instanceSettings = z.object({
  /** Audit entries older than this are deleted. */
  auditLogRetentionDays: days("Audit log retention", AUDIT_LOG_RETENTION_DAYS),
  /** Events (and their webhook deliveries) older than this are deleted. */
  eventRetentionDays: days("Event retention", EVENT_RETENTION_DAYS),
});
export type InstanceSettings = z.infer<typeof instanceSettings>;

/** Changes the fields given and keeps the others. */
export const updateInstanceSettingsInput = instanceSettings
  .partial()
  .refine(
    (value) => value.auditLogRetentionDays !== undefined || value.eventRetentionDays !== undefined,
    "Give auditLogRetentionDays, eventRetentionDays or both",
  );
export type UpdateInstanceSettingsInput = z.input<typeof updateInstanceSettingsInput>;
