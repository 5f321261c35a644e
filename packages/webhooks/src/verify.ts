import { createHmac, timingSafeEqual } from "node:crypto";
import {
  Webhook as StandardWebhook,
  WebhookVerificationError as StandardError,
} from "standardwebhooks";
import { WebhookVerificationError } from "./errors.ts";

/** Request headers as Node (`IncomingHttpHeaders`), fetch (`Headers`) or a plain object give them. */
export type WebhookHeaders =
  Headers | Record<string, string | string[] | undefined> | { get(name: string): string | null };

export interface VerifyWebhookOptions {
  /**
   * Also accept Logto's `logto-signature-sha-256` alone (no `webhook-*` headers). It has no
   * timestamp, so a captured delivery could be replayed: dedupe on the payload's `eventId`.
   * Default true, so receivers written for Logto keep working.
   */
  allowLogtoSignature?: boolean;
}

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === "function")
    return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  const value =
    record[name] ??
    Object.entries(record).find(([key]) => key.toLowerCase() === name)?.[1] ??
    undefined;
  return Array.isArray(value) ? value[0] : value;
}

function parse(body: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(body);
    if (typeof value === "object" && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new WebhookVerificationError("invalid_payload", "The body is not a JSON object.");
}

/**
 * Verifies a Guildhall (or Logto) webhook delivery and returns its parsed payload. Pass the raw
 * body exactly as received (before any JSON parsing) and the signing key as shown in the console
 * (`whsec_...`).
 *
 * With the Standard Webhooks headers (`webhook-id`, `webhook-timestamp`, `webhook-signature`),
 * those are checked by the `standardwebhooks` library, timestamp within 5 minutes included.
 * Otherwise Logto's `logto-signature-sha-256` (hex HMAC-SHA256 of the body keyed with the whole
 * key string) is checked in constant time. Dedupe on `webhook-id`: a retried or re-sent delivery
 * carries the same one.
 *
 * @throws WebhookVerificationError
 * @example
 * import { verifyWebhook } from "@guildhall/webhooks";
 * app.post("/guildhall", express.raw({ type: "application/json" }), (req, res) => {
 *   const event = verifyWebhook(req.body.toString("utf8"), req.headers, process.env.GUILDHALL_WEBHOOK_KEY!);
 *   if (!alreadyProcessed(req.headers["webhook-id"])) handle(event);
 *   res.status(204).end();
 * });
 */
export function verifyWebhook(
  rawBody: string | Uint8Array,
  headers: WebhookHeaders,
  signingKey: string,
  options: VerifyWebhookOptions = {},
): Record<string, unknown> {
  const body = typeof rawBody === "string" ? rawBody : Buffer.from(rawBody).toString("utf8");
  const id = header(headers, "webhook-id");
  const timestamp = header(headers, "webhook-timestamp");
  const signature = header(headers, "webhook-signature");
  if (id && timestamp && signature) {
    try {
      new StandardWebhook(signingKey).verify(body, {
        "webhook-id": id,
        "webhook-timestamp": timestamp,
        "webhook-signature": signature,
      });
    } catch (error) {
      if (!(error instanceof StandardError)) throw error;
      throw new WebhookVerificationError(
        /timestamp/i.test(error.message) ? "timestamp_out_of_range" : "invalid_signature",
        `Standard Webhooks signature refused: ${error.message}`,
      );
    }
    return parse(body);
  }
  const logto = header(headers, "logto-signature-sha-256");
  if (logto && options.allowLogtoSignature !== false) {
    const expected = createHmac("sha256", signingKey).update(body).digest();
    const given = Buffer.from(logto, "hex");
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw new WebhookVerificationError(
        "invalid_signature",
        "logto-signature-sha-256 does not match the body: wrong signing key, or the body was changed (verify the raw bytes, before parsing).",
      );
    return parse(body);
  }
  throw new WebhookVerificationError(
    "missing_signature",
    "No signature: expected webhook-id, webhook-timestamp and webhook-signature (or logto-signature-sha-256).",
  );
}
