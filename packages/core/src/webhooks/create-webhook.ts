import { createWebhookInput, type CreateWebhookInput, type Webhook } from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import type { ServiceContext } from "../context.ts";
import { seal } from "../crypto/secret-box.ts";
import { parseInput } from "../parse.ts";
import {
  assertMayManageWebhooks,
  toWebhook,
  WEBHOOK_KEY_PURPOSE,
  webhookSelect,
  type WebhookSecretOptions,
} from "./select.ts";
import { generateWebhookSigningKey } from "./signing.ts";

/**
 * Adds a webhook with a new signing key (sealed at rest, returned here so the receiver can be
 * set up). It receives the events sequenced from now on. The audit entry names the URL's
 * origin and the events, never the key or the header values.
 * @throws auth.forbidden, guard.invalid_input
 */
export async function createWebhook(
  ctx: ServiceContext,
  input: CreateWebhookInput,
  options: WebhookSecretOptions,
): Promise<Webhook> {
  assertMayManageWebhooks(ctx);
  const data = parseInput(createWebhookInput, input);
  const signingKey = generateWebhookSigningKey();
  const row = await ctx.db.$transaction(async (tx) => {
    const created = await tx.webhook.create({
      data: {
        name: data.name,
        url: data.config.url,
        events: data.events,
        headers: data.config.headers ?? {},
        enabled: data.enabled,
        signingSecretEncrypted: seal(signingKey, options.instanceSecret, WEBHOOK_KEY_PURPOSE),
      },
      select: webhookSelect,
    });
    await recordAudit(tx, ctx, {
      action: "webhook.created",
      targetType: "webhook",
      targetId: created.id,
      data: webhookAuditData(created),
    });
    return created;
  });
  return toWebhook(row, options);
}

/** What audit entries say about a webhook: no key, no header values (they may hold API keys). */
export function webhookAuditData(row: {
  name: string;
  url: string;
  events: string[];
  enabled: boolean;
  headers?: unknown;
}) {
  return {
    name: row.name,
    url: auditUrl(row.url),
    events: row.events,
    enabled: row.enabled,
    ...(row.headers && typeof row.headers === "object"
      ? { headerNames: Object.keys(row.headers) }
      : {}),
  };
}

/** The URL without its query (a receiver may take a token there). */
function auditUrl(value: string): string {
  try {
    const url = new URL(value);
    return `${url.origin}${url.pathname}`;
  } catch {
    return "";
  }
}
