import {
  createWebhookInput,
  MAX_WEBHOOK_HEADERS,
  webhookHeaders,
  webhookUrl,
  type EventName,
  type Webhook,
  type WebhookEventCatalog,
} from "@guildhall/validators";
import { z } from "zod";

/**
 * A custom header as the form edits it: one row, so an empty row can be added before it is
 * typed and two rows can be checked for the same name (a record could not hold either).
 */
export interface HeaderRow {
  name: string;
  value: string;
}

/** A row the user left blank (added, never typed in): ignored rather than refused. */
function isBlank(row: HeaderRow): boolean {
  return row.name.trim() === "" && row.value === "";
}

/**
 * Rows checked with the server's own header rules (`webhookHeaders`), one row at a time so each
 * message lands on its row's name or value; duplicates are refused here because a record would
 * silently keep only the last of them.
 */
const headerRows = z
  .array(z.object({ name: z.string(), value: z.string() }))
  .superRefine((rows, ctx) => {
    const seen = new Set<string>();
    let filled = 0;
    rows.forEach((row, index) => {
      if (isBlank(row)) return;
      filled += 1;
      const name = row.name.trim();
      const result = webhookHeaders.safeParse({ [name]: row.value });
      if (!result.success) {
        for (const issue of result.error.issues) {
          // A bad name is reported by zod as `invalid_key` wrapping the name's own issues.
          const nested = issue.code === "invalid_key" ? issue.issues[0]?.message : undefined;
          ctx.addIssue({
            code: "custom",
            path: [index, issue.code === "invalid_key" ? "name" : "value"],
            message: nested ?? issue.message,
          });
        }
        return;
      }
      const key = name.toLowerCase();
      if (seen.has(key))
        ctx.addIssue({
          code: "custom",
          path: [index, "name"],
          message: "This header is already listed (names are case-insensitive)",
        });
      seen.add(key);
    });
    if (filled > MAX_WEBHOOK_HEADERS)
      ctx.addIssue({
        code: "custom",
        path: [],
        message: `At most ${MAX_WEBHOOK_HEADERS} custom headers per webhook`,
      });
  });

/** The create and settings forms: the create request's fields, with the headers as rows. */
export const webhookFormSchema = createWebhookInput
  .pick({ name: true, events: true })
  .extend({ url: webhookUrl, headers: headerRows, enabled: z.boolean() });

export type WebhookFormInput = z.input<typeof webhookFormSchema>;
export type WebhookFormValues = z.output<typeof webhookFormSchema>;

export const emptyWebhookForm: WebhookFormInput = {
  name: "",
  url: "",
  events: [],
  headers: [],
  enabled: true,
};

/** The form's values for a stored webhook. */
export function webhookFormValues(webhook: Webhook): WebhookFormInput {
  return {
    name: webhook.name,
    url: webhook.config.url,
    events: [...webhook.events],
    headers: Object.entries(webhook.config.headers).map(([name, value]) => ({ name, value })),
    enabled: webhook.enabled,
  };
}

/** The header rows as the API takes them (blank rows dropped, names trimmed). */
export function headersRecord(rows: readonly HeaderRow[]): Record<string, string> {
  return Object.fromEntries(rows.filter((r) => !isBlank(r)).map((r) => [r.name.trim(), r.value]));
}

/** The request body of `webhook.create` / `webhook.update` (less the id) for the form's values. */
export function webhookRequest(values: WebhookFormValues) {
  return {
    name: values.name,
    events: values.events,
    config: { url: values.url, headers: headersRecord(values.headers) },
    enabled: values.enabled,
  };
}

/** A server issue path (`config.url`, `config.headers.X-Key`) as the form field it belongs to. */
export function formFieldOf(
  path: string,
): "name" | "url" | "events" | "headers" | "enabled" | null {
  if (path === "config.url") return "url";
  if (path === "config.headers" || path.startsWith("config.headers.")) return "headers";
  for (const field of ["name", "events", "enabled"] as const)
    if (path === field || path.startsWith(`${field}.`)) return field;
  return null;
}

// ---------------------------------------------------------------------------
// Event categories

export const EVENT_CATEGORIES = [
  "User",
  "Role",
  "Scope",
  "Organization",
  "Organization role",
  "Organization scope",
  "Invitations",
  "Interactions",
] as const;
export type EventCategory = (typeof EVENT_CATEGORIES)[number];

/** What each category covers, under its heading in the picker. */
export const EVENT_CATEGORY_HINTS: Record<EventCategory, string> = {
  User: "Users created, changed, suspended or deleted.",
  Role: "Global roles and their API permissions.",
  Scope: "API permissions (scopes) of API resources.",
  Organization: "Organizations, their members and members' roles.",
  "Organization role": "Roles of the organization template.",
  "Organization scope": "Permissions of the organization template.",
  Invitations: "Invitations into organizations.",
  Interactions: "Sign-up, sign-in and password reset on the sign-in pages.",
};

/** By the part of the event name before the first dot; Logto's interaction events have none. */
const CATEGORY_BY_PREFIX: Record<string, EventCategory> = {
  User: "User",
  Role: "Role",
  Scope: "Scope",
  Organization: "Organization",
  OrganizationRole: "Organization role",
  OrganizationScope: "Organization scope",
  OrganizationInvitation: "Invitations",
  PostRegister: "Interactions",
  PostSignIn: "Interactions",
  PostResetPassword: "Interactions",
};

export function eventCategory(name: EventName): EventCategory | undefined {
  return CATEGORY_BY_PREFIX[name.split(".")[0] ?? ""];
}

export interface EventGroup {
  category: EventCategory;
  events: WebhookEventCatalog;
}

/**
 * The catalog in the picker's groups, in category order, events in catalog order. An event of
 * no known category (a newer server) goes to the last group rather than disappearing.
 */
export function groupEvents(catalog: WebhookEventCatalog): EventGroup[] {
  const groups = new Map<EventCategory, WebhookEventCatalog>(EVENT_CATEGORIES.map((c) => [c, []]));
  for (const entry of catalog) groups.get(eventCategory(entry.name) ?? "Interactions")?.push(entry);
  return EVENT_CATEGORIES.flatMap((category) => {
    const events = groups.get(category) ?? [];
    return events.length > 0 ? [{ category, events }] : [];
  });
}
