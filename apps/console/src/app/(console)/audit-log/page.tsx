import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { AuditLog } from "@/features/audit-log/audit-log";
import { RetentionNote } from "@/features/audit-log/retention-note";

export const metadata: Metadata = { title: "Audit log" };

export default function AuditLogPage() {
  return (
    <>
      <PageHeader
        title="Audit log"
        description={
          <>
            Every change made in the console, through the Management API or by Guildhall itself:
            who, what, when, and the data of the change. <RetentionNote />
          </>
        }
      />
      <AuditLog />
    </>
  );
}
