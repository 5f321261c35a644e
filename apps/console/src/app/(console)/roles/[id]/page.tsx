import type { Metadata } from "next";
import { RoleDetail } from "@/features/roles/role-detail";
import { orNotFound } from "@/lib/server-errors";
import { getServerCaller } from "@/trpc/server";

export const metadata: Metadata = { title: "Role" };

export default async function RolePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const caller = await getServerCaller();
  const role = await orNotFound(() => caller.role.get({ id }));
  return <RoleDetail initial={role} />;
}
