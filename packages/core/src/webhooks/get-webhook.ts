import { webhookIdInput, type Webhook, type WebhookIdInput } from "@guildhall/validators";
import type { ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import {
  assertMayManageWebhooks,
  toWebhook,
  webhookNotFound,
  webhookSelect,
  type WebhookSecretOptions,
} from "./select.ts";

/** One webhook, with its signing key. @throws auth.forbidden, webhook.not_found */
export async function getWebhook(
  ctx: ServiceContext,
  input: WebhookIdInput,
  options: WebhookSecretOptions,
): Promise<Webhook> {
  assertMayManageWebhooks(ctx);
  const { id } = parseInput(webhookIdInput, input);
  const row = await ctx.db.webhook.findUnique({ where: { id }, select: webhookSelect });
  if (!row) throw webhookNotFound(id);
  return toWebhook(row, options);
}
