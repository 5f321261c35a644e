import type { Metadata } from "next";
import { getSessionUser } from "@/auth/session";
import { WebhooksAdminsOnly } from "@/features/webhooks/admins-only";
import { WebhooksList } from "@/features/webhooks/webhooks-list";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const user = await getSessionUser();
  if (user?.consoleRole !== "admin") return <WebhooksAdminsOnly />;
  return <WebhooksList />;
}
