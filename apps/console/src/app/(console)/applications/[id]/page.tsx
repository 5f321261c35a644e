import type { Metadata } from "next";
import { ApplicationDetail } from "@/features/applications/application-detail";
import { publicBaseUrl } from "@/env";
import { orNotFound } from "@/lib/server-errors";
import { getServerCaller } from "@/trpc/server";

export const metadata: Metadata = { title: "Application" };

export default async function ApplicationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const caller = await getServerCaller();
  const application = await orNotFound(() => caller.application.get({ id }));
  return <ApplicationDetail initial={application} baseUrl={publicBaseUrl()} />;
}
