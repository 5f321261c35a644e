import {
  redeliverWebhookInput,
  type RedeliverWebhookInput,
  type WebhookDelivery,
} from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import { now, type ServiceContext } from "../context.ts";
import { DomainError } from "../errors.ts";
import { parseInput } from "../parse.ts";
import {
  assertMayManageWebhooks,
  deliverySelect,
  toWebhookDelivery,
  webhookDeliveryNotFound,
} from "./select.ts";

/**
 * Sends a finished (Sent or Failed) delivery again: back to Pending with no attempts, due now.
 * It keeps its event, so its `webhook-id` is the same and a receiver that already processed it
 * can tell. It takes its place in the webhook's order again: deliveries of later events that
 * are still pending wait behind it. Call the worker's `kick()` after.
 * @throws auth.forbidden, webhook_delivery.not_found, webhook_delivery.in_progress
 */
export async function redeliverWebhookDelivery(
  ctx: ServiceContext,
  input: RedeliverWebhookInput,
): Promise<WebhookDelivery> {
  assertMayManageWebhooks(ctx);
  const { webhookId, deliveryId } = parseInput(redeliverWebhookInput, input);
  return ctx.db.$transaction(async (tx) => {
    const { count } = await tx.webhookDelivery.updateMany({
      where: { id: deliveryId, webhookId, status: { in: ["Sent", "Failed"] } },
      data: {
        status: "Pending",
        attempts: 0,
        nextAttemptAt: now(ctx),
        lastError: null,
        deliveredAt: null,
      },
    });
    const row = await tx.webhookDelivery.findFirst({
      where: { id: deliveryId, webhookId },
      select: deliverySelect,
    });
    if (!row) throw webhookDeliveryNotFound(deliveryId);
    if (count === 0)
      throw new DomainError(
        "webhook_delivery.in_progress",
        "This delivery has not finished yet (Pending or Sending): only a Sent or Failed delivery can be sent again.",
        { id: deliveryId, status: row.status },
      );
    await recordAudit(tx, ctx, {
      action: "webhook.delivery_resent",
      targetType: "webhook",
      targetId: webhookId,
      data: { deliveryId, event: row.event, eventId: String(row.eventSeq) },
    });
    return toWebhookDelivery(row);
  });
}
