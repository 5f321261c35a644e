import { ShieldAlert } from "lucide-react";
import type { Metadata } from "next";
import { getSessionUser } from "@/auth/session";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/states";
import { ConsoleMembers } from "@/features/console-members/console-members";

export const metadata: Metadata = { title: "Console members" };

export default async function ConsoleMembersPage() {
  const user = await getSessionUser();
  if (user?.consoleRole !== "admin") {
    return (
      <>
        <PageHeader title="Console members" />
        <div data-testid="forbidden">
          <EmptyState
            icon={<ShieldAlert />}
            title="Only console admins can see this page"
            description="Collaborators manage the template, organizations and users, but not who has console access. Ask an admin if you need a change."
          />
        </div>
      </>
    );
  }
  return <ConsoleMembers />;
}
