import type { Metadata } from "next";
import { MembersPanel } from "@/features/organizations/members-panel";

export const metadata: Metadata = { title: "Organization members" };

export default async function OrganizationMembersPage({
  params,
}: {
  params: Promise<{ id: string }>;
}) {
  const { id } = await params;
  return <MembersPanel organizationId={id} />;
}
