import { ShieldAlert } from "lucide-react";
import type { Metadata } from "next";
import { getSessionUser } from "@/auth/session";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/states";
import { SigningKeys } from "@/features/applications/signing-keys";

export const metadata: Metadata = { title: "Signing keys" };

export default async function SigningKeysPage() {
  const user = await getSessionUser();
  if (user?.consoleRole !== "admin") {
    return (
      <>
        <PageHeader title="Signing keys" />
        <div data-testid="forbidden">
          <EmptyState
            icon={<ShieldAlert />}
            title="Only console admins can see this page"
            description="Signing keys are instance settings. Ask an admin if a key needs rotating."
          />
        </div>
      </>
    );
  }
  return <SigningKeys />;
}
