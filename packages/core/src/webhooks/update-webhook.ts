import { updateWebhookInput, type UpdateWebhookInput, type Webhook } from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import type { ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { translateWriteErrors } from "../prisma-errors.ts";
import { webhookAuditData } from "./create-webhook.ts";
import {
  assertMayManageWebhooks,
  toWebhook,
  webhookNotFound,
  webhookSelect,
  type WebhookSecretOptions,
} from "./select.ts";

/**
 * Changes a webhook. A new `events` list applies to events sequenced from now on; deliveries
 * already created are still sent. Disabling pauses delivery: pending deliveries wait, and no
 * new ones are created while disabled. `config.headers` replaces the stored headers.
 * @throws auth.forbidden, guard.invalid_input, webhook.not_found
 */
export async function updateWebhook(
  ctx: ServiceContext,
  input: UpdateWebhookInput,
  options: WebhookSecretOptions,
): Promise<Webhook> {
  assertMayManageWebhooks(ctx);
  const { id, name, events, config, enabled } = parseInput(updateWebhookInput, input);
  const row = await translateWriteErrors(
    () =>
      ctx.db.$transaction(async (tx) => {
        const updated = await tx.webhook.update({
          where: { id },
          data: {
            ...(name === undefined ? {} : { name }),
            ...(events === undefined ? {} : { events }),
            ...(enabled === undefined ? {} : { enabled }),
            ...(config === undefined ? {} : { url: config.url, headers: config.headers ?? {} }),
          },
          select: webhookSelect,
        });
        await recordAudit(tx, ctx, {
          action: "webhook.updated",
          targetType: "webhook",
          targetId: id,
          data: {
            ...webhookAuditData(updated),
            changed: [
              ...(name === undefined ? [] : ["name"]),
              ...(events === undefined ? [] : ["events"]),
              ...(enabled === undefined ? [] : ["enabled"]),
              ...(config === undefined ? [] : ["config"]),
            ],
          },
        });
        return updated;
      }),
    { notFound: () => webhookNotFound(id) },
  );
  return toWebhook(row, options);
}
