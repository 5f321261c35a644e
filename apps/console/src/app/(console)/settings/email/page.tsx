import { ShieldAlert } from "lucide-react";
import type { Metadata } from "next";
import { getSessionUser } from "@/auth/session";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/states";
import { EmailSettings } from "@/features/email-settings/email-settings";

export const metadata: Metadata = { title: "Email settings" };

export default async function EmailSettingsPage() {
  const user = await getSessionUser();
  if (user?.consoleRole !== "admin") {
    return (
      <>
        <PageHeader title="Email settings" />
        <div data-testid="forbidden">
          <EmptyState
            icon={<ShieldAlert />}
            title="Only console admins can see this page"
            description="The SMTP server is an instance setting. Ask an admin to check or test email delivery."
          />
        </div>
      </>
    );
  }
  return <EmailSettings />;
}
