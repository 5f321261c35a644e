import type { Db } from "@guildhall/db";
import type { EventName } from "@guildhall/validators";
import { toEventPayload } from "../events/read-events.ts";

type EventRecord = Awaited<ReturnType<Db["domainEvent"]["findFirstOrThrow"]>>;

/**
 * What a delivery's body holds: Logto's hook payload (`hookId`, `event`, `createdAt`, `path`,
 * `method`, `data`) plus Guildhall's `eventId` (the event's position, also the stream's id),
 * `organizationId`, `userId` and `applicationId`.
 */
export interface WebhookPayload {
  hookId: string;
  event: EventName;
  createdAt: string;
  eventId: string;
  organizationId: string | null;
  userId: string | null;
  applicationId: string | null;
  path?: string;
  method?: string;
  data: Record<string, unknown>;
}

/** The payload of one event for one webhook. */
export function webhookPayload(hookId: string, row: EventRecord): WebhookPayload {
  const { id, event, createdAt, organizationId, userId, applicationId, data, path, method } =
    toEventPayload(row);
  return {
    hookId,
    event,
    createdAt,
    eventId: id,
    organizationId: organizationId ?? null,
    userId: userId ?? null,
    applicationId: applicationId ?? null,
    ...(path ? { path } : {}),
    ...(method ? { method } : {}),
    data,
  };
}

/** A made-up event for a test send (`POST /hooks/:id/test`): clearly sample data. */
export function samplePayload(hookId: string, event: EventName, now: Date): WebhookPayload {
  return {
    hookId,
    event,
    createdAt: now.toISOString(),
    eventId: "test",
    organizationId: event.startsWith("Organization") ? "sample-organization-id" : null,
    userId: event.startsWith("User.") || event.startsWith("Post") ? "sample-user-id" : null,
    applicationId: null,
    data: { id: "sample-id", test: true },
  };
}
