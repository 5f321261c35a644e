import { ShieldAlert } from "lucide-react";
import type { Metadata } from "next";
import { getSessionUser } from "@/auth/session";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/states";
import { RetentionSettings } from "@/features/audit-log/retention-settings";

export const metadata: Metadata = { title: "Data retention" };

export default async function RetentionPage() {
  const user = await getSessionUser();
  if (user?.consoleRole !== "admin") {
    return (
      <>
        <PageHeader title="Data retention" />
        <div data-testid="forbidden">
          <EmptyState
            icon={<ShieldAlert />}
            title="Only console admins can see this page"
            description="How long audit entries and events are kept is an instance setting. Ask an admin to change it."
          />
        </div>
      </>
    );
  }
  return (
    <>
      <PageHeader
        title="Data retention"
        description="How long audit entries and events are kept. Older ones are deleted every six hours."
      />
      <RetentionSettings />
    </>
  );
}
