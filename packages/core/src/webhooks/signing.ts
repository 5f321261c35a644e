import { createHmac, randomBytes } from "node:crypto";
import { Webhook as StandardWebhook } from "standardwebhooks";

/**
 * A new signing key: `whsec_` + base64 of 32 random bytes (50 characters). One key serves both
 * schemes: Standard Webhooks strips `whsec_` and uses the decoded 32 bytes as its HMAC key
 * (as its libraries expect), and Logto's `logto-signature-sha-256` uses the whole string, as
 * Logto uses its signing key, so a receiver written for either verifies with the key as shown.
 */
export function generateWebhookSigningKey(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/** Logto's signature: hex HMAC-SHA256 of the raw body, keyed with the signing key string. */
export function logtoSignature(body: string, signingKey: string): string {
  return createHmac("sha256", signingKey).update(body).digest("hex");
}

export interface SignatureInput {
  body: string;
  signingKey: string;
  /** `webhook-id`: the same for every attempt of one event. */
  messageId: string;
  /** `webhook-timestamp`: when this attempt is sent. */
  timestamp: Date;
}

/** The signature headers of one attempt: Logto's and Standard Webhooks'. */
export function signatureHeaders({
  body,
  signingKey,
  messageId,
  timestamp,
}: SignatureInput): Record<string, string> {
  return {
    "logto-signature-sha-256": logtoSignature(body, signingKey),
    "webhook-id": messageId,
    "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
    "webhook-signature": new StandardWebhook(signingKey).sign(messageId, timestamp, body),
  };
}
