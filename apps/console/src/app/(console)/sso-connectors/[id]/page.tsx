import type { Metadata } from "next";
import { SsoConnectorDetail } from "@/features/sso-connectors/sso-connector-detail";
import { publicBaseUrl } from "@/env";
import { orNotFound } from "@/lib/server-errors";
import { getServerCaller } from "@/trpc/server";

export const metadata: Metadata = { title: "SSO connector" };

export default async function SsoConnectorPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const caller = await getServerCaller();
  const connector = await orNotFound(() => caller.ssoConnector.get({ id }));
  return <SsoConnectorDetail initial={connector} baseUrl={publicBaseUrl()} />;
}
