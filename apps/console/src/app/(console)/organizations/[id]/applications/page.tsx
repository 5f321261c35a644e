import type { Metadata } from "next";
import { OrganizationApplicationsPanel } from "@/features/applications/organization-applications-panel";

export const metadata: Metadata = { title: "Organization applications" };

export default async function OrganizationApplicationsPage({
  params,
}: {
  params: Promise<{ id: string }>;
}) {
  const { id } = await params;
  return <OrganizationApplicationsPanel organizationId={id} />;
}
