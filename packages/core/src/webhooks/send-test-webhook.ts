import { randomUUID } from "node:crypto";
import {
  testWebhookInput,
  type TestWebhookInput,
  type WebhookTestResult,
} from "@guildhall/validators";
import { now, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { samplePayload } from "./payload.ts";
import {
  assertMayManageWebhooks,
  headersOf,
  openSigningKey,
  webhookNotFound,
  type WebhookSecretOptions,
} from "./select.ts";
import { createWebhookSender, type WebhookSender } from "./sender.ts";
import { signatureHeaders } from "./signing.ts";

export interface SendTestWebhookOptions extends WebhookSecretOptions {
  /** WEBHOOK_ALLOWED_HOSTS: hosts reached without the private-address filter. */
  allowedHosts?: readonly string[];
  /** A sender to reuse (tests); otherwise one is made for this call and closed after. */
  sender?: WebhookSender;
}

/**
 * Sends a sample payload for each event, now, to `config.url` (the webhook's own URL and
 * headers when `config` is left out), signed with the webhook's key like a real delivery and
 * through the same private-address filter. Nothing is stored. Returns what each send got back;
 * a failed send is a result, not an error.
 * @throws auth.forbidden, guard.invalid_input, webhook.not_found
 */
export async function sendTestWebhook(
  ctx: ServiceContext,
  input: TestWebhookInput,
  options: SendTestWebhookOptions,
): Promise<WebhookTestResult[]> {
  assertMayManageWebhooks(ctx);
  const { id, events, config } = parseInput(testWebhookInput, input);
  const hook = await ctx.db.webhook.findUnique({
    where: { id },
    select: { url: true, headers: true, signingSecretEncrypted: true },
  });
  if (!hook) throw webhookNotFound(id);
  const signingKey = openSigningKey(hook.signingSecretEncrypted, options.instanceSecret);
  const url = config?.url ?? hook.url;
  const headers = config ? (config.headers ?? {}) : headersOf(hook.headers);
  const sender = options.sender ?? createWebhookSender({ allowedHosts: options.allowedHosts });
  try {
    const results: WebhookTestResult[] = [];
    for (const event of events) {
      const at = now(ctx);
      const body = JSON.stringify(samplePayload(id, event, at));
      const result = await sender.send({
        url,
        body,
        headers: {
          ...headers,
          ...signatureHeaders({
            body,
            signingKey,
            messageId: `test_${randomUUID()}`,
            timestamp: at,
          }),
        },
      });
      results.push({
        event,
        ok: result.ok,
        responseStatus: result.responseStatus,
        responseBody: result.responseBody,
        latencyMs: result.latencyMs,
        error: result.error,
      });
    }
    return results;
  } finally {
    if (!options.sender) sender.close();
  }
}
