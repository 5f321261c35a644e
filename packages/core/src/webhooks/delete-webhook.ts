import { webhookIdInput, type WebhookIdInput } from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import type { ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { translateWriteErrors } from "../prisma-errors.ts";
import { webhookAuditData } from "./create-webhook.ts";
import { assertMayManageWebhooks, webhookNotFound } from "./select.ts";

/**
 * Deletes a webhook and its deliveries (cascade): pending ones are never sent.
 * @throws auth.forbidden, webhook.not_found
 */
export async function deleteWebhook(ctx: ServiceContext, input: WebhookIdInput): Promise<void> {
  assertMayManageWebhooks(ctx);
  const { id } = parseInput(webhookIdInput, input);
  await translateWriteErrors(
    () =>
      ctx.db.$transaction(async (tx) => {
        const deleted = await tx.webhook.delete({
          where: { id },
          select: { name: true, url: true, events: true, enabled: true },
        });
        await recordAudit(tx, ctx, {
          action: "webhook.deleted",
          targetType: "webhook",
          targetId: id,
          data: webhookAuditData(deleted),
        });
      }),
    { notFound: () => webhookNotFound(id) },
  );
}
