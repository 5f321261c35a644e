import { webhookIdInput, type Webhook, type WebhookIdInput } from "@guildhall/validators";
import { recordAudit } from "../audit/record-audit.ts";
import type { ServiceContext } from "../context.ts";
import { seal } from "../crypto/secret-box.ts";
import { parseInput } from "../parse.ts";
import { translateWriteErrors } from "../prisma-errors.ts";
import {
  assertMayManageWebhooks,
  toWebhook,
  WEBHOOK_KEY_PURPOSE,
  webhookNotFound,
  webhookSelect,
  type WebhookSecretOptions,
} from "./select.ts";
import { generateWebhookSigningKey } from "./signing.ts";

/**
 * Replaces a webhook's signing key (Logto's `PATCH /hooks/:id/signing-key`) and returns the
 * webhook with the new key. Every attempt from now on, retries included, is signed with it:
 * update the receiver right away. The audit entry records the rotation, not the key.
 * @throws auth.forbidden, webhook.not_found
 */
export async function rotateWebhookSigningKey(
  ctx: ServiceContext,
  input: WebhookIdInput,
  options: WebhookSecretOptions,
): Promise<Webhook> {
  assertMayManageWebhooks(ctx);
  const { id } = parseInput(webhookIdInput, input);
  const signingKey = generateWebhookSigningKey();
  const row = await translateWriteErrors(
    () =>
      ctx.db.$transaction(async (tx) => {
        const updated = await tx.webhook.update({
          where: { id },
          data: {
            signingSecretEncrypted: seal(signingKey, options.instanceSecret, WEBHOOK_KEY_PURPOSE),
          },
          select: webhookSelect,
        });
        await recordAudit(tx, ctx, {
          action: "webhook.signing_key_rotated",
          targetType: "webhook",
          targetId: id,
          data: { name: updated.name },
        });
        return updated;
      }),
    { notFound: () => webhookNotFound(id) },
  );
  return toWebhook(row, options);
}
