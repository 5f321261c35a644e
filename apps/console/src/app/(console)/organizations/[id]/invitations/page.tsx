import type { Metadata } from "next";
import { OrganizationInvitationsPanel } from "@/features/invitations/invitations-panel";

export const metadata: Metadata = { title: "Organization invitations" };

export default async function OrganizationInvitationsPage({
  params,
}: {
  params: Promise<{ id: string }>;
}) {
  const { id } = await params;
  return <OrganizationInvitationsPanel organizationId={id} />;
}
