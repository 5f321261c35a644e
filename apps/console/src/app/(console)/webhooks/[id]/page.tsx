import type { Metadata } from "next";
import { getSessionUser } from "@/auth/session";
import { WebhooksAdminsOnly } from "@/features/webhooks/admins-only";
import { WebhookDetail } from "@/features/webhooks/webhook-detail";
import { orNotFound } from "@/lib/server-errors";
import { getServerCaller } from "@/trpc/server";

export const metadata: Metadata = { title: "Webhook" };

export default async function WebhookPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await getSessionUser();
  if (user?.consoleRole !== "admin") return <WebhooksAdminsOnly />;
  const { id } = await params;
  const caller = await getServerCaller();
  const webhook = await orNotFound(() => caller.webhook.get({ id }));
  return <WebhookDetail initial={webhook} />;
}
