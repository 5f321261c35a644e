import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { EmailsList } from "@/features/invitations/emails-list";

export const metadata: Metadata = { title: "Emails" };

export default function EmailsPage() {
  return (
    <>
      <PageHeader
        title="Emails"
        description="Every email Guildhall sends goes through this outbox, retried for 24 hours. Without SMTP_URL, emails stay here instead of being sent: copy an invitation's link right after inviting or resending."
      />
      <EmailsList />
    </>
  );
}
