import type { Metadata } from "next";
import { OrganizationSettings } from "@/features/organizations/organization-settings";

export const metadata: Metadata = { title: "Organization settings" };

export default async function OrganizationSettingsPage({
  params,
}: {
  params: Promise<{ id: string }>;
}) {
  const { id } = await params;
  return <OrganizationSettings organizationId={id} />;
}
