import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { EmailsList } from "@/features/invitations/emails-list";

export const metadata: Metadata = { title: "Emails" };

export default function EmailsPage() {
  return (
    <>
      <PageHeader
        title="Emails"
        description="Every email Guildhall sends goes through this outbox, with retries. Without SMTP_URL, emails stay here (and in the server log) instead of being sent."
      />
      <EmailsList />
    </>
  );
}
