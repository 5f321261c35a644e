/** Why a delivery was refused; switch on it. */
export type WebhookVerificationErrorCode =
  "missing_signature" | "invalid_signature" | "timestamp_out_of_range" | "invalid_payload";

/**
 * A delivery that could not be verified: answer it with 400/401 and do not act on it.
 * @example
 * try { verifyWebhook(body, req.headers, key) } catch (e) {
 *   if (e instanceof WebhookVerificationError) return res.status(401).end();
 *   throw e;
 * }
 */
export class WebhookVerificationError extends Error {
  override readonly name = "WebhookVerificationError";
  constructor(
    readonly code: WebhookVerificationErrorCode,
    message: string,
  ) {
    super(message);
  }
}
