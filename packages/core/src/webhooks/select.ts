import type { Prisma } from "@guildhall/db";
import type { EventName, Webhook, WebhookDelivery } from "@guildhall/validators";
import { assertAdminOrManagementApi, type ServiceContext } from "../context.ts";
import { open } from "../crypto/secret-box.ts";
import { DomainError } from "../errors.ts";

/** The secret-box purpose webhook signing keys are sealed under. */
export const WEBHOOK_KEY_PURPOSE = "webhook-signing-key";

/** What webhook services need besides their input: the key signing keys are sealed with. */
export interface WebhookSecretOptions {
  instanceSecret: string;
}

/**
 * Webhooks are for console admins, Management API clients and the system only: a webhook
 * receives every event of the tenant, and its signing key is a credential.
 */
export function assertMayManageWebhooks(ctx: ServiceContext): void {
  assertAdminOrManagementApi(
    ctx,
    "Only console admins can see or change webhooks: a webhook receives every event of the tenant, and its signing key is a credential.",
  );
}

export const webhookSelect = {
  id: true,
  name: true,
  url: true,
  events: true,
  headers: true,
  signingSecretEncrypted: true,
  enabled: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.WebhookSelect;

export type WebhookRow = Prisma.WebhookGetPayload<{ select: typeof webhookSelect }>;

/** A JSON headers column read back as a string record (anything else is dropped). */
export function headersOf(value: Prisma.JsonValue): Record<string, string> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
  const headers: Record<string, string> = {};
  for (const [name, v] of Object.entries(value)) if (typeof v === "string") headers[name] = v;
  return headers;
}

/** Opens a sealed signing key; a changed GUILDHALL_SECRET is said plainly. */
export function openSigningKey(sealed: string, instanceSecret: string): string {
  try {
    return open(sealed, instanceSecret, WEBHOOK_KEY_PURPOSE);
  } catch {
    throw new Error(
      "Could not decrypt the webhook's signing key: was GUILDHALL_SECRET changed? Rotate the key.",
    );
  }
}

/** A webhook as APIs return it (Logto's `Hook`), its signing key opened. */
export function toWebhook(row: WebhookRow, { instanceSecret }: WebhookSecretOptions): Webhook {
  return {
    id: row.id,
    name: row.name,
    events: row.events as EventName[],
    config: { url: row.url, headers: headersOf(row.headers) },
    signingKey: openSigningKey(row.signingSecretEncrypted, instanceSecret),
    enabled: row.enabled,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export const deliverySelect = {
  id: true,
  webhookId: true,
  event: true,
  eventId: true,
  eventSeq: true,
  status: true,
  attempts: true,
  responseStatus: true,
  responseBody: true,
  latencyMs: true,
  lastError: true,
  createdAt: true,
  deliveredAt: true,
  nextAttemptAt: true,
} satisfies Prisma.WebhookDeliverySelect;

export type DeliveryRow = Prisma.WebhookDeliveryGetPayload<{ select: typeof deliverySelect }>;

/**
 * The `webhook-id` header of a delivery: the event's position, so every attempt and every
 * manual re-send of one event carries the same id and receivers can dedupe on it.
 */
export function webhookMessageId(eventSeq: bigint): string {
  return `evt_${eventSeq}`;
}

export function toWebhookDelivery(row: DeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    webhookId: row.webhookId,
    event: row.event,
    eventId: String(row.eventSeq),
    messageId: webhookMessageId(row.eventSeq),
    status: row.status,
    attempts: row.attempts,
    responseStatus: row.responseStatus,
    responseBody: row.responseBody,
    latencyMs: row.latencyMs,
    lastError: row.lastError,
    createdAt: row.createdAt,
    deliveredAt: row.deliveredAt,
    nextAttemptAt: row.nextAttemptAt,
  };
}

export function webhookNotFound(id: string): DomainError {
  return new DomainError("webhook.not_found", `No webhook has id "${id}".`, { id });
}

export function webhookDeliveryNotFound(id: string): DomainError {
  return new DomainError("webhook_delivery.not_found", `This webhook has no delivery "${id}".`, {
    id,
  });
}
