export { verifyWebhook, type VerifyWebhookOptions, type WebhookHeaders } from "./verify.ts";
export { WebhookVerificationError, type WebhookVerificationErrorCode } from "./errors.ts";
