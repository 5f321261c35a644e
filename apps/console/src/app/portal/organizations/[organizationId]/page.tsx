import { PortalOrganization } from "@/features/portal/portal-organization";
import { requirePortalUser } from "@/features/portal/portal-user";

export const dynamic = "force-dynamic";

export default async function PortalOrganizationPage({
  params,
}: {
  params: Promise<{ organizationId: string }>;
}) {
  const { organizationId } = await params;
  // The layout checks too, but a page renders alongside its layout, not after it.
  const user = await requirePortalUser(organizationId);
  return <PortalOrganization organizationId={organizationId} userId={user.id} />;
}
