import type { Metadata } from "next";
import type { ReactNode } from "react";
import { userIdentifier } from "@/lib/user-label";
import { NotAMember } from "@/features/portal/not-a-member";
import { PortalHeader, PortalOrganizationHeader } from "@/features/portal/portal-header";
import { PortalTheme } from "@/features/portal/portal-theme";
import { loadMyOrganization, requirePortalUser } from "@/features/portal/portal-user";
import { getSessionUser } from "@/auth/session";

type Params = Promise<{ organizationId: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { organizationId } = await params;
  const user = await getSessionUser();
  const organization = user ? await loadMyOrganization(user.id, organizationId) : null;
  return { title: organization?.name ?? "Organization" };
}

/** An organization's portal page: its branding, or the not-a-member page. */
export default async function PortalOrganizationLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Params;
}) {
  const { organizationId } = await params;
  const user = await requirePortalUser(organizationId);
  const organization = await loadMyOrganization(user.id, organizationId);
  if (!organization)
    return (
      <>
        <PortalHeader user={user} />
        <main className="mx-auto max-w-3xl px-4 py-10">
          <NotAMember signedInAs={userIdentifier(user)} />
        </main>
      </>
    );
  return (
    <>
      <PortalTheme branding={organization.branding} color={organization.color} />
      <PortalOrganizationHeader organization={organization} user={user} />
      <main className="mx-auto max-w-5xl px-4 py-6 sm:py-8">{children}</main>
    </>
  );
}
