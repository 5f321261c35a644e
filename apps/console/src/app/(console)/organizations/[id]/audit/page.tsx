import type { Metadata } from "next";
import { AuditLog } from "@/features/audit-log/audit-log";

export const metadata: Metadata = { title: "Organization audit log" };

export default async function OrganizationAuditPage({
  params,
}: {
  params: Promise<{ id: string }>;
}) {
  const { id } = await params;
  return <AuditLog organizationId={id} />;
}
