import type { Metadata } from "next";
import { JitProvisioning } from "@/features/organization-jit/jit-provisioning";

export const metadata: Metadata = { title: "Just-in-time provisioning" };

export default async function OrganizationProvisioningPage({
  params,
}: {
  params: Promise<{ id: string }>;
}) {
  const { id } = await params;
  return <JitProvisioning organizationId={id} />;
}
