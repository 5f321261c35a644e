import { describeEmailTransport, readEmailEnv } from "@guildhall/email";
import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { EmailsList } from "@/features/invitations/emails-list";

export const metadata: Metadata = { title: "Emails" };

export default function EmailsPage() {
  const { kind } = describeEmailTransport(readEmailEnv());
  return (
    <>
      <PageHeader
        title="Emails"
        description={
          kind === "smtp"
            ? "Every email Guildhall sends goes through this outbox, retried for 24 hours."
            : "Every email Guildhall sends goes through this outbox. Without SMTP, emails stay here instead of being sent."
        }
      />
      <EmailsList transport={kind} />
    </>
  );
}
