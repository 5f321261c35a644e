import { z } from "zod";
import { id, paginated, paginationInput, text, url } from "./common.ts";
import { eventName } from "./events.ts";
import { deliveryStatus } from "./invitation.ts";

/**
 * Webhooks (Logto's "hooks"): events POSTed to a URL, signed twice — Logto's
 * `logto-signature-sha-256` and the Standard Webhooks headers (docs/webhooks.md).
 */

/** Headers Guildhall sets on every delivery: a receiver's `config.headers` cannot replace them. */
export const RESERVED_WEBHOOK_HEADERS = [
  "content-type",
  "content-length",
  "content-encoding",
  "transfer-encoding",
  "connection",
  "keep-alive",
  "host",
  "user-agent",
  "logto-signature-sha-256",
  "webhook-id",
  "webhook-timestamp",
  "webhook-signature",
] as const;

/** At most this many custom headers per webhook. */
export const MAX_WEBHOOK_HEADERS = 20;

/** RFC 7230 `token`: the characters a header name may have. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** RFC 7230 `field-value` without obsolete folding: visible characters, spaces and tabs (no CR/LF). */
// eslint-disable-next-line no-control-regex -- control characters are what it refuses
const HEADER_VALUE = /^[^\u0000-\u0008\u000a-\u001f\u007f]*$/;

const webhookHeaderName = text()
  .min(1, "A header name is required")
  .max(256, "A header name must be at most 256 characters")
  .regex(HEADER_NAME, "A header name may only hold letters, digits and !#$%&'*+-.^_`|~ (RFC 7230)")
  .refine(
    (name) => !(RESERVED_WEBHOOK_HEADERS as readonly string[]).includes(name.toLowerCase()),
    `Guildhall sets this header itself: ${RESERVED_WEBHOOK_HEADERS.join(", ")} cannot be overridden`,
  );

const webhookHeaderValue = text()
  .max(4096, "A header value must be at most 4096 characters")
  .regex(HEADER_VALUE, "A header value cannot contain CR, LF or other control characters");

/** Whether a webhook endpoint is acceptable: http(s), no credentials, no #fragment. */
export function isWebhookUrl(value: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return false;
  }
  if (parsed.username !== "" || parsed.password !== "" || parsed.hash !== "") return false;
  return parsed.protocol === "https:" || parsed.protocol === "http:";
}

const WEBHOOK_URL_MESSAGE =
  "Use an https:// (or http://) URL without credentials or #fragment, at most 2048 characters";

export const webhookUrl = url(WEBHOOK_URL_MESSAGE, 2048).refine(isWebhookUrl, WEBHOOK_URL_MESSAGE);

/** Extra request headers, e.g. an API key the receiver expects (Logto's `config.headers`). */
export const webhookHeaders = z
  .record(webhookHeaderName, webhookHeaderValue)
  .refine(
    (headers) => Object.keys(headers).length <= MAX_WEBHOOK_HEADERS,
    `At most ${MAX_WEBHOOK_HEADERS} custom headers per webhook`,
  )
  .refine(
    (headers) =>
      new Set(Object.keys(headers).map((name) => name.toLowerCase())).size ===
      Object.keys(headers).length,
    "A header name may appear once (names are case-insensitive)",
  );
export type WebhookHeaders = z.output<typeof webhookHeaders>;

/** Logto's `config`: where and with which extra headers events are sent. */
export const webhookConfig = z.object({
  url: webhookUrl,
  headers: webhookHeaders.optional(),
});
export type WebhookConfig = z.output<typeof webhookConfig>;

export const webhookName = text()
  .trim()
  .min(1, "Name is required")
  .max(128, "Name must be at most 128 characters");

export const webhookEvents = z
  .array(eventName)
  .min(1, "Choose at least one event")
  .max(100, "At most 100 events")
  .transform((events) => [...new Set(events)]);

export const createWebhookInput = z.object({
  name: webhookName,
  events: webhookEvents,
  config: webhookConfig,
  enabled: z.boolean().default(true),
});
export type CreateWebhookInput = z.input<typeof createWebhookInput>;

/** A partial update; `config.headers`, when given, replaces the stored headers. */
export const updateWebhookInput = z.object({
  id,
  name: webhookName.optional(),
  events: webhookEvents.optional(),
  config: webhookConfig.optional(),
  enabled: z.boolean().optional(),
});
export type UpdateWebhookInput = z.input<typeof updateWebhookInput>;

export const webhookIdInput = z.object({ id });
export type WebhookIdInput = z.input<typeof webhookIdInput>;

export const listWebhooksInput = paginationInput.extend({
  /** Adds `executionStats` (the last 24 hours) to every webhook (Logto's `includeExecutionStats`). */
  includeExecutionStats: z.boolean().default(false),
});
export type ListWebhooksInput = z.input<typeof listWebhooksInput>;

/** Deliveries of the last 24 hours: how many were attempted, how many succeeded. */
export const webhookExecutionStats = z.object({
  successCount: z.number().int(),
  requestCount: z.number().int(),
});
export type WebhookExecutionStats = z.output<typeof webhookExecutionStats>;

/**
 * A webhook as every API returns it (Logto's `Hook`). `signingKey` is returned because the
 * receiver needs it to verify; only console admins and Management API clients see webhooks.
 */
export const webhook = z.object({
  id: z.string(),
  name: z.string(),
  events: z.array(eventName),
  config: z.object({ url: z.string(), headers: z.record(z.string(), z.string()) }),
  signingKey: z.string(),
  enabled: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
  executionStats: webhookExecutionStats.optional(),
});
export type Webhook = z.output<typeof webhook>;
export const webhookList = paginated(webhook);

/** One event for one webhook: its status, and the receiver's last answer. */
export const webhookDelivery = z.object({
  id: z.string(),
  webhookId: z.string(),
  event: z.string(),
  /** The event's position (`domain_events.seq`), also in the payload as `eventId`. */
  eventId: z.string(),
  /** The `webhook-id` header of every attempt (retries and re-sends keep it): dedupe on it. */
  messageId: z.string(),
  status: deliveryStatus,
  attempts: z.number().int(),
  responseStatus: z.number().int().nullable(),
  /** The first 1,000 characters of the receiver's last response body. */
  responseBody: z.string().nullable(),
  latencyMs: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.date(),
  deliveredAt: z.date().nullable(),
  nextAttemptAt: z.date(),
});
export type WebhookDelivery = z.output<typeof webhookDelivery>;
export const webhookDeliveryList = paginated(webhookDelivery);

export const listWebhookDeliveriesInput = paginationInput.extend({
  webhookId: id,
  status: deliveryStatus.optional(),
  /** Only deliveries created at or after this time (`recent-logs`: the last 24 hours). */
  since: z.coerce.date().optional(),
});
export type ListWebhookDeliveriesInput = z.input<typeof listWebhookDeliveriesInput>;

export const redeliverWebhookInput = z.object({ webhookId: id, deliveryId: id });
export type RedeliverWebhookInput = z.input<typeof redeliverWebhookInput>;

/**
 * A test send (Logto's `POST /hooks/:id/test`): a sample payload per event to `config.url`
 * (the webhook's own when left out), signed with the webhook's key.
 */
export const testWebhookInput = z.object({
  id,
  events: webhookEvents,
  config: webhookConfig.optional(),
});
export type TestWebhookInput = z.input<typeof testWebhookInput>;

/** What one test send got back. */
export const webhookTestResult = z.object({
  event: eventName,
  ok: z.boolean(),
  responseStatus: z.number().int().nullable(),
  responseBody: z.string().nullable(),
  latencyMs: z.number().int(),
  error: z.string().nullable(),
});
export type WebhookTestResult = z.output<typeof webhookTestResult>;
export const webhookTestResults = z.array(webhookTestResult);

/** The event catalog (names and whether Logto has the event), for the console's pickers. */
export const webhookEventCatalog = z.array(
  z.object({ name: eventName, logto: z.boolean(), description: z.string() }),
);
export type WebhookEventCatalog = z.output<typeof webhookEventCatalog>;
