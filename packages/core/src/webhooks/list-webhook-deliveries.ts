import {
  listWebhookDeliveriesInput,
  type ListWebhookDeliveriesInput,
  type Paginated,
  type WebhookDelivery,
} from "@guildhall/validators";
import type { Prisma } from "@guildhall/db";
import { now, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { paginate } from "../shared/paginate.ts";
import { RECENT_WINDOW_MS } from "./list-webhooks.ts";
import {
  assertMayManageWebhooks,
  deliverySelect,
  toWebhookDelivery,
  webhookNotFound,
} from "./select.ts";

/**
 * A webhook's deliveries, newest event first, optionally of one status or since a time.
 * @throws auth.forbidden, webhook.not_found
 */
export async function listWebhookDeliveries(
  ctx: ServiceContext,
  input: ListWebhookDeliveriesInput,
): Promise<Paginated<WebhookDelivery>> {
  assertMayManageWebhooks(ctx);
  const { webhookId, status, since, page, pageSize } = parseInput(
    listWebhookDeliveriesInput,
    input,
  );
  const where: Prisma.WebhookDeliveryWhereInput = {
    webhookId,
    ...(status ? { status } : {}),
    ...(since ? { createdAt: { gte: since } } : {}),
  };
  return paginate(
    { page, pageSize },
    {
      rows: (pageArgs) =>
        ctx.db.webhookDelivery.findMany({
          where,
          select: deliverySelect,
          orderBy: [{ eventSeq: "desc" }],
          ...pageArgs,
        }),
      count: () => ctx.db.webhookDelivery.count({ where }),
      toItem: toWebhookDelivery,
      parent: {
        find: () => ctx.db.webhook.findUnique({ where: { id: webhookId }, select: { id: true } }),
        notFound: () => webhookNotFound(webhookId),
      },
    },
  );
}

/**
 * Logto's `GET /hooks/:id/recent-logs`: the deliveries created in the last 24 hours.
 * @throws auth.forbidden, webhook.not_found
 */
export function getWebhookRecentLogs(
  ctx: ServiceContext,
  input: Omit<ListWebhookDeliveriesInput, "since">,
): Promise<Paginated<WebhookDelivery>> {
  return listWebhookDeliveries(ctx, {
    ...input,
    since: new Date(now(ctx).getTime() - RECENT_WINDOW_MS),
  });
}
