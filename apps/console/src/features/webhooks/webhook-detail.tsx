"use client";

import { useQuery } from "@tanstack/react-query";
import { usePathname, useSearchParams } from "next/navigation";
import { PageHeader } from "@/components/ui/page-header";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { formatDate } from "@/lib/format";
import { useTRPC } from "@/trpc/react";
import type { RouterOutputs } from "@/trpc/types";
import { DeliveryLog } from "./delivery-log";
import { SigningKeyCard } from "./signing-key-card";
import { EnabledBadge } from "./status-badges";
import { TestWebhookCard } from "./test-webhook-card";
import { DeleteWebhookCard, WebhookSettingsCard } from "./webhook-settings";

export type WebhookDetailData = RouterOutputs["webhook"]["get"];

const TABS = ["settings", "deliveries"] as const;
type Tab = (typeof TABS)[number];

/** A webhook's page: its settings, signing key and test send, and its delivery log. */
export function WebhookDetail({ initial }: { initial: WebhookDetailData }) {
  const trpc = useTRPC();
  const pathname = usePathname();
  const params = useSearchParams();
  const { data: webhook } = useQuery({
    ...trpc.webhook.get.queryOptions({ id: initial.id }),
    initialData: initial,
  });
  // The tab is in the URL (`?tab=deliveries`), so the delivery log can be linked and reloaded.
  // The native history API: Next keeps useSearchParams in step without refetching the page.
  const tab: Tab = TABS.find((t) => t === params.get("tab")) ?? "settings";
  const setTab = (value: string) =>
    window.history.replaceState(
      null,
      "",
      value === "settings" ? pathname : `${pathname}?tab=${value}`,
    );

  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: "Webhooks", href: "/webhooks" }, { label: webhook.name }]}
        title={webhook.name}
        description={
          <span className="flex flex-wrap items-center gap-2" data-testid="webhook-summary">
            <EnabledBadge enabled={webhook.enabled} />
            <span className="font-mono text-xs break-all" data-testid="webhook-endpoint">
              {webhook.config.url}
            </span>
            <span>· created {formatDate(webhook.createdAt)}</span>
          </span>
        }
      />
      <Tabs value={tab} onValueChange={setTab}>
        <TabsList aria-label="Webhook sections">
          <TabsTrigger value="settings" data-testid="tab-settings">
            Settings
          </TabsTrigger>
          <TabsTrigger value="deliveries" data-testid="tab-deliveries">
            Delivery log
          </TabsTrigger>
        </TabsList>
        {/* Kept mounted (hidden) while the log is open, so unsaved edits survive a look at it. */}
        <TabsContent
          value="settings"
          forceMount
          className="grid gap-6 data-[state=inactive]:hidden"
        >
          <WebhookSettingsCard webhook={webhook} />
          <SigningKeyCard webhook={webhook} />
          <TestWebhookCard webhook={webhook} />
          <DeleteWebhookCard webhook={webhook} />
        </TabsContent>
        <TabsContent value="deliveries">
          <DeliveryLog webhook={webhook} />
        </TabsContent>
      </Tabs>
    </>
  );
}
