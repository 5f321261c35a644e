export * from "./list-webhooks.ts";
export * from "./get-webhook.ts";
export * from "./create-webhook.ts";
export * from "./update-webhook.ts";
export * from "./delete-webhook.ts";
export * from "./rotate-webhook-signing-key.ts";
export * from "./list-webhook-deliveries.ts";
export * from "./redeliver-webhook-delivery.ts";
export * from "./send-test-webhook.ts";
export * from "./event-catalog.ts";
export {
  deliverPendingWebhooks,
  retryDelayMs,
  DEFAULT_WEBHOOK_BACKOFF_MS,
  WEBHOOK_LEASE_MS,
  type DeliverWebhooksOptions,
  type WebhookDeliveryReport,
  type WebhookLogger,
} from "./deliver-webhooks.ts";
export { startWebhookWorker, type WebhookWorker, type WebhookWorkerOptions } from "./worker.ts";
export {
  createWebhookSender,
  parseWebhookAllowedHosts,
  type WebhookSender,
  type WebhookSendResult,
} from "./sender.ts";
export { generateWebhookSigningKey, logtoSignature, signatureHeaders } from "./signing.ts";
export { webhookPayload, type WebhookPayload } from "./payload.ts";
export { webhookMessageId } from "./select.ts";
