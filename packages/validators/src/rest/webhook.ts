import { z } from "zod";
import { id } from "../common.ts";
import { eventName } from "../events.ts";
import {
  createWebhookInput,
  updateWebhookInput,
  webhook,
  webhookConfig,
  webhookDelivery,
  webhookEvents,
} from "../webhook.ts";
import { restTimestamp } from "./common.ts";

/** Logto's `Hook`, as every `/api/hooks` route answers it. */
export const restHook = webhook
  .omit({ createdAt: true, updatedAt: true })
  .extend({
    events: z.array(eventName).meta({ description: "The events this hook receives." }),
    signingKey: z.string().meta({
      description:
        "`whsec_` + base64 of 32 random bytes. `logto-signature-sha-256` is the hex HMAC-SHA256 of the raw body keyed with this whole string; the Standard Webhooks `webhook-signature` uses the decoded bytes after `whsec_` (docs/webhooks.md).",
    }),
    createdAt: restTimestamp,
    executionStats: z
      .object({ successCount: z.number().int(), requestCount: z.number().int() })
      .optional()
      .meta({
        description:
          "With `includeExecutionStats=true`: deliveries of the last 24 hours that were attempted, and those delivered (2xx).",
      }),
  })
  .meta({ id: "Hook" });
export type RestHook = z.output<typeof restHook>;

export const restListHooksQuery = z.object({
  includeExecutionStats: z
    .enum(["true", "false"])
    .optional()
    .transform((value) => value === "true")
    .meta({ description: "`true` adds `executionStats` (the last 24 hours) to every hook." }),
});

export const restCreateHookBody = createWebhookInput.meta({ id: "CreateHook" });
export const restUpdateHookBody = updateWebhookInput.omit({ id: true }).meta({ id: "UpdateHook" });

/** Logto's test body: the events to send a sample of, and where to send them. */
export const restTestHookBody = z.object({
  events: webhookEvents,
  config: webhookConfig,
});

export const restHookDeliveryParams = z.object({ id, deliveryId: id });

/** Guildhall's delivery record (`POST /api/hooks/{id}/deliveries/{deliveryId}/redeliver`). */
export const restHookDelivery = webhookDelivery
  .extend({
    createdAt: restTimestamp,
    deliveredAt: restTimestamp.nullable(),
    nextAttemptAt: restTimestamp,
  })
  .meta({ id: "HookDelivery" });
export type RestHookDelivery = z.output<typeof restHookDelivery>;

/**
 * One entry of `GET /api/hooks/{id}/recent-logs`, in Logto's log shape: `key` is
 * `TriggerHook.<event>`, `payload.response` the receiver's last answer. One entry per delivery
 * (Logto writes one per attempt): `payload.attempts` says how many there were.
 */
export const restHookLog = z
  .object({
    id: z.string(),
    key: z.string().meta({ description: "`TriggerHook.<event>`" }),
    payload: z.object({
      key: z.string(),
      result: z.enum(["Success", "Error"]),
      hookId: z.string(),
      event: z.string(),
      eventId: z.string(),
      status: z.string().meta({ description: "Pending, Sending, Sent or Failed." }),
      attempts: z.number().int(),
      latencyMs: z.number().int().nullable(),
      error: z.string().optional(),
      response: z.object({ status: z.number().int(), body: z.string() }).optional().meta({
        description: "The receiver's last answer (the first 1,000 characters of its body).",
      }),
    }),
    result: z.enum(["Success", "Error"]),
    createdAt: restTimestamp,
  })
  .meta({ id: "HookLog" });
export type RestHookLog = z.output<typeof restHookLog>;
