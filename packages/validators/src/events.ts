import { z } from "zod";

/**
 * Every event Guildhall emits. The data-mutation and interaction events are Logto's names
 * (https://docs.logto.io/developers/webhooks/webhooks-events), so a receiver written for
 * Logto works unchanged; the rest are Guildhall's additions where Logto has no event.
 */
export const LOGTO_EVENTS = [
  "PostRegister",
  "PostSignIn",
  "PostResetPassword",
  "User.Created",
  "User.Deleted",
  "User.Data.Updated",
  "User.SuspensionStatus.Updated",
  "Role.Created",
  "Role.Deleted",
  "Role.Data.Updated",
  "Role.Scopes.Updated",
  "Scope.Created",
  "Scope.Deleted",
  "Scope.Data.Updated",
  "Organization.Created",
  "Organization.Deleted",
  "Organization.Data.Updated",
  "Organization.Membership.Updated",
  "OrganizationRole.Created",
  "OrganizationRole.Deleted",
  "OrganizationRole.Data.Updated",
  "OrganizationRole.Scopes.Updated",
  "OrganizationScope.Created",
  "OrganizationScope.Deleted",
  "OrganizationScope.Data.Updated",
] as const;

export const GUILDHALL_EVENTS = [
  /** A member's or an organization application's roles in one organization changed (before/after). */
  "Organization.Membership.Roles.Updated",
  "OrganizationInvitation.Created",
  "OrganizationInvitation.Accepted",
  "OrganizationInvitation.Revoked",
  "OrganizationInvitation.Expired",
] as const;

export const EVENT_NAMES = [...LOGTO_EVENTS, ...GUILDHALL_EVENTS] as const;
export type EventName = (typeof EVENT_NAMES)[number];
export const eventName = z.enum(EVENT_NAMES);

/**
 * An event as webhooks and the event stream carry it (Logto's hook payload, less `hookId`,
 * which each webhook delivery adds). `data` is the changed entity or the change, per event
 * (docs/events.md).
 */
export const domainEventPayload = z.object({
  /** The event's position: the SSE `id`, and what `Last-Event-ID` resumes after. */
  id: z.string(),
  event: eventName,
  createdAt: z.string(),
  organizationId: z.string().nullable().optional(),
  userId: z.string().nullable().optional(),
  applicationId: z.string().nullable().optional(),
  data: z.record(z.string(), z.unknown()),
  path: z.string().optional(),
  method: z.string().optional(),
});
export type DomainEventPayload = z.infer<typeof domainEventPayload>;

/**
 * The body of a webhook request (Logto's hook payload plus Guildhall's fields): what a receiver
 * verifies and parses. Described in the OpenAPI document's `webhooks`.
 */
export const webhookPayloadSchema = z
  .object({
    hookId: z.string().meta({ description: "The webhook this delivery is for." }),
    event: eventName,
    createdAt: z.string().meta({ description: "When the change was committed (ISO 8601)." }),
    eventId: z.string().meta({
      description:
        "The event's position: the same in every retry and re-send (also `webhook-id` as `evt_<eventId>`), and the event stream's `id`.",
    }),
    organizationId: z.string().nullable(),
    userId: z.string().nullable(),
    applicationId: z.string().nullable(),
    path: z
      .string()
      .optional()
      .meta({ description: "The Management API path of the request that made the change." }),
    method: z.string().optional(),
    data: z.record(z.string(), z.unknown()).meta({
      description:
        "The change: the entity's id and what changed (docs/events.md lists each event's fields).",
    }),
  })
  .meta({ id: "WebhookPayload" });
