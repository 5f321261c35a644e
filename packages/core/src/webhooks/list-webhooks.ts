import {
  listWebhooksInput,
  type ListWebhooksInput,
  type Paginated,
  type Webhook,
  type WebhookExecutionStats,
} from "@guildhall/validators";
import type { Db } from "@guildhall/db";
import { now, type ServiceContext } from "../context.ts";
import { parseInput } from "../parse.ts";
import { paginate } from "../shared/paginate.ts";
import {
  assertMayManageWebhooks,
  toWebhook,
  webhookSelect,
  type WebhookSecretOptions,
} from "./select.ts";

/** The window of `executionStats` and of recent logs, as Logto: the last 24 hours. */
export const RECENT_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * Webhooks, newest first, with their signing keys (Logto's `GET /hooks`). With
 * `includeExecutionStats`, each carries the last 24 hours' counts: deliveries attempted
 * (`requestCount`) and delivered (`successCount`).
 * @throws auth.forbidden
 */
export async function listWebhooks(
  ctx: ServiceContext,
  input: ListWebhooksInput,
  options: WebhookSecretOptions,
): Promise<Paginated<Webhook>> {
  assertMayManageWebhooks(ctx);
  const { page, pageSize, includeExecutionStats } = parseInput(listWebhooksInput, input);
  const result = await paginate(
    { page, pageSize },
    {
      rows: (pageArgs) =>
        ctx.db.webhook.findMany({
          select: webhookSelect,
          orderBy: [{ createdAt: "desc" }, { id: "asc" }],
          ...pageArgs,
        }),
      count: () => ctx.db.webhook.count(),
      toItem: (row) => toWebhook(row, options),
    },
  );
  if (!includeExecutionStats) return result;
  const stats = await executionStats(
    ctx.db,
    result.items.map((w) => w.id),
    new Date(now(ctx).getTime() - RECENT_WINDOW_MS),
  );
  return {
    ...result,
    items: result.items.map((w) => ({
      ...w,
      executionStats: stats.get(w.id) ?? { successCount: 0, requestCount: 0 },
    })),
  };
}

/** Per webhook, deliveries since `since` that were attempted, and those that were delivered. */
async function executionStats(
  db: Db,
  webhookIds: string[],
  since: Date,
): Promise<Map<string, WebhookExecutionStats>> {
  const stats = new Map<string, WebhookExecutionStats>();
  if (webhookIds.length === 0) return stats;
  const groups = await db.webhookDelivery.groupBy({
    by: ["webhookId", "status"],
    where: { webhookId: { in: webhookIds }, createdAt: { gte: since }, attempts: { gt: 0 } },
    _count: { _all: true },
  });
  for (const group of groups) {
    const entry = stats.get(group.webhookId) ?? { successCount: 0, requestCount: 0 };
    entry.requestCount += group._count._all;
    if (group.status === "Sent") entry.successCount += group._count._all;
    stats.set(group.webhookId, entry);
  }
  return stats;
}
