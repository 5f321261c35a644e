import type { Metadata } from "next";
import { OrganizationRoleDetail } from "@/features/template/role-detail";
import { orNotFound } from "@/lib/server-errors";
import { getServerCaller } from "@/trpc/server";

export const metadata: Metadata = { title: "Role · Organization template" };

export default async function OrganizationRolePage({
  params,
}: {
  params: Promise<{ id: string }>;
}) {
  const { id } = await params;
  const caller = await getServerCaller();
  const role = await orNotFound(() => caller.organizationRole.get({ id }));
  return <OrganizationRoleDetail initial={role} />;
}
