import type { Metadata } from "next";
import { ApiResourceDetail } from "@/features/api-resources/api-resource-detail";
import { orNotFound } from "@/lib/server-errors";
import { getServerCaller } from "@/trpc/server";

export const metadata: Metadata = { title: "API resource" };

export default async function ApiResourcePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const caller = await getServerCaller();
  const resource = await orNotFound(() => caller.apiResource.get({ id }));
  return <ApiResourceDetail initial={resource} />;
}
