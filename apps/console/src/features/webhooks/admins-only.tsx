import { ShieldAlert } from "lucide-react";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/states";

/** What a collaborator sees on a webhook page: webhooks are for console admins only. */
export function WebhooksAdminsOnly() {
  return (
    <>
      <PageHeader title="Webhooks" />
      <div data-testid="forbidden">
        <EmptyState
          icon={<ShieldAlert />}
          title="Only console admins can see this page"
          description="A webhook receives every event of this Guildhall, and its signing key is a credential. Ask an admin if you need one."
        />
      </div>
    </>
  );
}
