import { createHmac, randomBytes } from "node:crypto";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { verifyWebhook, WebhookVerificationError } from "./index.ts";

const key = `whsec_${randomBytes(32).toString("base64")}`;
const body = JSON.stringify({
  hookId: "h1",
  event: "User.Created",
  eventId: "7",
  data: { id: "u" },
});

function standardHeaders(at = new Date(), payload = body, signingKey = key) {
  return {
    "webhook-id": "evt_7",
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": new StandardWebhook(signingKey).sign("evt_7", at, payload),
  };
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof WebhookVerificationError) return error.code;
    throw error;
  }
  return undefined;
}

describe("verifyWebhook", () => {
  it("accepts Standard Webhooks headers (plain object, fetch Headers, Buffer body)", () => {
    expect(verifyWebhook(body, standardHeaders(), key)).toMatchObject({ event: "User.Created" });
    expect(verifyWebhook(Buffer.from(body), new Headers(standardHeaders()), key)).toMatchObject({
      eventId: "7",
    });
  });

  it("refuses a changed body, another key and an old timestamp", () => {
    expect(codeOf(() => verifyWebhook(`${body} `, standardHeaders(), key))).toBe(
      "invalid_signature",
    );
    const other = `whsec_${randomBytes(32).toString("base64")}`;
    expect(codeOf(() => verifyWebhook(body, standardHeaders(new Date(), body, other), key))).toBe(
      "invalid_signature",
    );
    const old = new Date(Date.now() - 10 * 60 * 1000);
    expect(codeOf(() => verifyWebhook(body, standardHeaders(old), key))).toBe(
      "timestamp_out_of_range",
    );
  });

  it("accepts Logto's signature, keyed with the whole key string, unless turned off", () => {
    const headers = {
      "Logto-Signature-Sha-256": createHmac("sha256", key).update(body).digest("hex"),
    };
    expect(verifyWebhook(body, headers, key)).toMatchObject({ hookId: "h1" });
    expect(codeOf(() => verifyWebhook(body.replace("u", "v"), headers, key))).toBe(
      "invalid_signature",
    );
    expect(codeOf(() => verifyWebhook(body, headers, key, { allowLogtoSignature: false }))).toBe(
      "missing_signature",
    );
    expect(codeOf(() => verifyWebhook(body, {}, key))).toBe("missing_signature");
  });

  it("refuses a signed body that is not a JSON object", () => {
    const text = "[1]";
    expect(codeOf(() => verifyWebhook(text, standardHeaders(new Date(), text), key))).toBe(
      "invalid_payload",
    );
  });
});
