import {
  createWebhook,
  deleteWebhook,
  DomainError,
  getWebhook,
  getWebhookRecentLogs,
  listWebhooks,
  redeliverWebhookDelivery,
  rotateWebhookSigningKey,
  sendTestWebhook,
  updateWebhook,
} from "@guildhall/core";
import type { Webhook, WebhookDelivery } from "@guildhall/validators";
import {
  restCreateHookBody,
  restHook,
  restHookDelivery,
  restHookDeliveryParams,
  restHookLog,
  restIdParams,
  restListHooksQuery,
  restTestHookBody,
  restUpdateHookBody,
  type RestHook,
  type RestHookDelivery,
  type RestHookLog,
} from "@guildhall/validators/rest";
import { E } from "../errors.ts";
import { pageOrAll } from "../pagination.ts";
import { emptyRoute, jsonRoute, listRoute, optionalListRoute } from "../router.ts";

const tag = "Hooks";
const adminsOnly =
  "Management API clients only (in the console, admins): a hook receives every event of the tenant, and its signing key is a credential.";

function toRest({ createdAt, updatedAt: _updatedAt, ...hook }: Webhook): RestHook {
  return { ...hook, createdAt: createdAt.getTime() };
}

function toRestDelivery({
  createdAt,
  deliveredAt,
  nextAttemptAt,
  ...delivery
}: WebhookDelivery): RestHookDelivery {
  return {
    ...delivery,
    createdAt: createdAt.getTime(),
    deliveredAt: deliveredAt?.getTime() ?? null,
    nextAttemptAt: nextAttemptAt.getTime(),
  };
}

/** A delivery as one of Logto's hook logs. */
function toRestLog(delivery: WebhookDelivery): RestHookLog {
  const key = `TriggerHook.${delivery.event}`;
  const result = delivery.status === "Sent" ? "Success" : "Error";
  return {
    id: delivery.id,
    key,
    payload: {
      key,
      result,
      hookId: delivery.webhookId,
      event: delivery.event,
      eventId: delivery.eventId,
      status: delivery.status,
      attempts: delivery.attempts,
      latencyMs: delivery.latencyMs,
      ...(delivery.lastError && result === "Error" ? { error: delivery.lastError } : {}),
      ...(delivery.responseStatus === null
        ? {}
        : { response: { status: delivery.responseStatus, body: delivery.responseBody ?? "" } }),
    },
    result,
    createdAt: delivery.createdAt.getTime(),
  };
}

/** The instance secret seals signing keys; without it no hook can be read or written. */
function secretOptions(instanceSecret: string | undefined) {
  if (!instanceSecret)
    throw new Error(
      "The instance secret (GUILDHALL_SECRET) is not configured: webhook signing keys cannot be sealed or opened.",
    );
  return { instanceSecret };
}

export const hookRoutes = [
  optionalListRoute({
    method: "GET",
    path: "/api/hooks",
    operationId: "ListHooks",
    tag,
    summary: "Get hooks",
    description: `Newest first, with their signing keys. Paginated when \`page\` or \`page_size\` is given, otherwise every hook. ${adminsOnly}`,
    query: restListHooksQuery,
    response: restHook,
    handler: async ({ ctx, page, query, instanceSecret }) => {
      const { items, total } = await pageOrAll(page, (p) =>
        listWebhooks(
          ctx,
          { ...p, includeExecutionStats: query.includeExecutionStats },
          secretOptions(instanceSecret),
        ),
      );
      return { items: items.map(toRest), total };
    },
  }),
  jsonRoute({
    method: "POST",
    path: "/api/hooks",
    operationId: "CreateHook",
    tag,
    summary: "Create a hook",
    description: `A new signing key is generated and returned. The hook receives the events that happen from now on. \`config.url\` is http(s) without credentials; at delivery, hosts that resolve to private, loopback or link-local addresses are refused unless the operator lists them in WEBHOOK_ALLOWED_HOSTS. ${adminsOnly}`,
    status: 201,
    body: restCreateHookBody,
    response: restHook,
    handler: async ({ ctx, body, instanceSecret }) =>
      toRest(await createWebhook(ctx, body, secretOptions(instanceSecret))),
  }),
  jsonRoute({
    method: "GET",
    path: "/api/hooks/{id}",
    operationId: "GetHook",
    tag,
    summary: "Get hook",
    params: restIdParams,
    response: restHook,
    errors: [E.notExistsWithId],
    handler: async ({ ctx, params, instanceSecret }) =>
      toRest(await getWebhook(ctx, params, secretOptions(instanceSecret))),
  }),
  jsonRoute({
    method: "PATCH",
    path: "/api/hooks/{id}",
    operationId: "UpdateHook",
    tag,
    summary: "Update hook",
    description: `A partial update. \`config\`, when given, replaces the URL and headers. Disabling pauses delivery (pending deliveries wait). ${adminsOnly}`,
    params: restIdParams,
    body: restUpdateHookBody,
    response: restHook,
    errors: [E.notExistsWithId],
    handler: async ({ ctx, params, body, instanceSecret }) =>
      toRest(await updateWebhook(ctx, { ...body, id: params.id }, secretOptions(instanceSecret))),
  }),
  emptyRoute({
    method: "DELETE",
    path: "/api/hooks/{id}",
    operationId: "DeleteHook",
    tag,
    summary: "Delete hook",
    description: "Its deliveries go with it; pending ones are never sent.",
    status: 204,
    params: restIdParams,
    errors: [E.notExistsWithId],
    handler: ({ ctx, params }) => deleteWebhook(ctx, params),
  }),
  listRoute({
    method: "GET",
    path: "/api/hooks/{id}/recent-logs",
    operationId: "ListHookRecentLogs",
    tag,
    summary: "Get recent logs for a hook",
    description:
      "The hook's deliveries of the last 24 hours, newest event first, as Logto's logs: one entry per delivery (with its attempt count), `result` Success once delivered.",
    params: restIdParams,
    response: restHookLog,
    errors: [E.notExistsWithId],
    handler: async ({ ctx, params, page }) => {
      const { items, total } = await getWebhookRecentLogs(ctx, { webhookId: params.id, ...page });
      return { items: items.map(toRestLog), total };
    },
  }),
  emptyRoute({
    method: "POST",
    path: "/api/hooks/{id}/test",
    operationId: "CreateHookTest",
    tag,
    summary: "Test hook",
    description:
      "Sends a sample payload for each event to `config.url` now, signed with the hook's key, through the same private-address filter as deliveries. 204 when every send got a 2xx; otherwise 422 `hook.send_test_payload_failed` with each result in `data`.",
    status: 204,
    params: restIdParams,
    body: restTestHookBody,
    errors: [E.notExistsWithId, E.hookTestFailed],
    handler: async ({ ctx, params, body, instanceSecret, webhookAllowedHosts }) => {
      const results = await sendTestWebhook(
        ctx,
        { id: params.id, ...body },
        { ...secretOptions(instanceSecret), allowedHosts: webhookAllowedHosts ?? [] },
      );
      const failed = results.find((result) => !result.ok);
      if (failed)
        throw new DomainError(
          "webhook.test_failed",
          `The test payload for ${failed.event} was not accepted: ${failed.error ?? "no 2xx answer"}`,
          { results },
        );
    },
  }),
  jsonRoute({
    method: "PATCH",
    path: "/api/hooks/{id}/signing-key",
    operationId: "UpdateHookSigningKey",
    tag,
    summary: "Update signing key for a hook",
    description: `Replaces the signing key and returns the hook with the new one; every attempt from now on, retries included, is signed with it. ${adminsOnly}`,
    params: restIdParams,
    response: restHook,
    errors: [E.notExistsWithId],
    handler: async ({ ctx, params, instanceSecret }) =>
      toRest(await rotateWebhookSigningKey(ctx, params, secretOptions(instanceSecret))),
  }),
  jsonRoute({
    method: "POST",
    path: "/api/hooks/{id}/deliveries/{deliveryId}/redeliver",
    operationId: "RedeliverHookDelivery",
    tag,
    summary: "Send a delivery again",
    description:
      "Guildhall only. A Sent or Failed delivery goes back to Pending with no attempts and is sent again in the hook's order, with the same `webhook-id` (receivers can dedupe). 409 while it is still Pending or Sending.",
    params: restHookDeliveryParams,
    response: restHookDelivery,
    errors: [E.notExistsWithId, E.hookDeliveryInProgress],
    handler: async ({ ctx, params }) =>
      toRestDelivery(
        await redeliverWebhookDelivery(ctx, {
          webhookId: params.id,
          deliveryId: params.deliveryId,
        }),
      ),
  }),
];
