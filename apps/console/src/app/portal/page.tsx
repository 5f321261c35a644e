import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { PortalHeader } from "@/features/portal/portal-header";
import { PortalHome } from "@/features/portal/portal-home";
import { portalOrganizationHref } from "@/features/portal/links";
import { requirePortalUser } from "@/features/portal/portal-user";

export const metadata: Metadata = { title: "Your organizations" };
export const dynamic = "force-dynamic";

export default async function PortalPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  // Customer apps link to `/portal?organization_id=<id>`: straight to that organization.
  const { organization_id: organizationId } = await searchParams;
  if (typeof organizationId === "string" && organizationId.trim() !== "")
    redirect(portalOrganizationHref(organizationId.trim()));
  const user = await requirePortalUser();
  return (
    <>
      <PortalHeader user={user} />
      <main className="mx-auto grid max-w-3xl gap-6 px-4 py-8">
        <h1 className="text-2xl font-semibold tracking-tight">Organizations</h1>
        <PortalHome />
      </main>
    </>
  );
}
