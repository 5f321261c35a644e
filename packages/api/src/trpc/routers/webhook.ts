import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listWebhookDeliveries,
  listWebhookEvents,
  listWebhooks,
  redeliverWebhookDelivery,
  rotateWebhookSigningKey,
  sendTestWebhook,
  updateWebhook,
} from "@guildhall/core";
import {
  createWebhookInput,
  listWebhookDeliveriesInput,
  listWebhooksInput,
  redeliverWebhookInput,
  testWebhookInput,
  updateWebhookInput,
  webhook,
  webhookDelivery,
  webhookDeliveryList,
  webhookEventCatalog,
  webhookIdInput,
  webhookList,
  webhookTestResults,
} from "@guildhall/validators";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { consoleProcedure, router, type TrpcContext } from "../trpc.ts";

/** The key signing keys are sealed with; without it no webhook can be read or written. */
function secretOptions(ctx: Pick<TrpcContext, "instanceSecret">) {
  if (!ctx.instanceSecret)
    throw new TRPCError({
      code: "PRECONDITION_FAILED",
      message: "The instance secret (GUILDHALL_SECRET) is not configured on this server.",
    });
  return { instanceSecret: ctx.instanceSecret };
}

/**
 * webhook.*: Logto-compatible webhooks. Console admins only: a webhook receives every event
 * of the tenant and its signing key is a credential (core checks it again).
 */
export const webhookRouter = router({
  eventNames: consoleProcedure("admin")
    .input(z.void())
    .output(webhookEventCatalog)
    .query(() => listWebhookEvents()),
  list: consoleProcedure("admin")
    .input(listWebhooksInput)
    .output(webhookList)
    .query(({ ctx, input }) => listWebhooks(ctx.service, input, secretOptions(ctx))),
  get: consoleProcedure("admin")
    .input(webhookIdInput)
    .output(webhook)
    .query(({ ctx, input }) => getWebhook(ctx.service, input, secretOptions(ctx))),
  create: consoleProcedure("admin")
    .input(createWebhookInput)
    .output(webhook)
    .mutation(({ ctx, input }) => createWebhook(ctx.service, input, secretOptions(ctx))),
  update: consoleProcedure("admin")
    .input(updateWebhookInput)
    .output(webhook)
    .mutation(({ ctx, input }) => updateWebhook(ctx.service, input, secretOptions(ctx))),
  delete: consoleProcedure("admin")
    .input(webhookIdInput)
    .output(z.void())
    .mutation(({ ctx, input }) => deleteWebhook(ctx.service, input)),
  rotateSigningKey: consoleProcedure("admin")
    .input(webhookIdInput)
    .output(webhook)
    .mutation(({ ctx, input }) => rotateWebhookSigningKey(ctx.service, input, secretOptions(ctx))),
  deliveries: consoleProcedure("admin")
    .input(listWebhookDeliveriesInput)
    .output(webhookDeliveryList)
    .query(({ ctx, input }) => listWebhookDeliveries(ctx.service, input)),
  test: consoleProcedure("admin")
    .input(testWebhookInput)
    .output(webhookTestResults)
    .mutation(({ ctx, input }) =>
      sendTestWebhook(ctx.service, input, {
        ...secretOptions(ctx),
        allowedHosts: ctx.webhookAllowedHosts ?? [],
      }),
    ),
  redeliver: consoleProcedure("admin")
    .input(redeliverWebhookInput)
    .output(webhookDelivery)
    .mutation(({ ctx, input }) => redeliverWebhookDelivery(ctx.service, input)),
});
