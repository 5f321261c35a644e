import type { ReactNode } from "react";
import { LinkTabs } from "@/components/ui/tabs";
import { PageHeader } from "@/components/ui/page-header";

export default function TemplateLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <PageHeader
        title="Organization template"
        description="One set of roles and permissions, shared by every organization. A change here applies to all organizations at once."
      />
      <LinkTabs
        label="Template sections"
        tabs={[
          { href: "/template/roles", label: "Roles" },
          { href: "/template/permissions", label: "Permissions" },
        ]}
      />
      <div className="pt-5">{children}</div>
    </>
  );
}
