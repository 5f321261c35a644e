import type { Metadata } from "next";
import { UserDetail } from "@/features/users/user-detail";
import { orNotFound } from "@/lib/server-errors";
import { getServerCaller } from "@/trpc/server";

export const metadata: Metadata = { title: "User" };

export default async function UserPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const caller = await getServerCaller();
  const user = await orNotFound(() => caller.user.get({ id }));
  return <UserDetail initial={user} />;
}
