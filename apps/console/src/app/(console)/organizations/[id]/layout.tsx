import type { ReactNode } from "react";
import { OrganizationHeader } from "@/features/organizations/organization-header";
import { orNotFound } from "@/lib/server-errors";
import { getServerCaller } from "@/trpc/server";

export default async function OrganizationLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ id: string }>;
}) {
  const { id } = await params;
  const caller = await getServerCaller();
  const organization = await orNotFound(() => caller.organization.get({ id }));
  return (
    <>
      <OrganizationHeader initial={organization} />
      <div className="pt-5">{children}</div>
    </>
  );
}
