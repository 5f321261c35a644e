import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { OrganizationCreationSettingsCard } from "@/features/organization-creation/organization-creation-settings";

export const metadata: Metadata = { title: "Organization creation" };

/** Every console member reads; admins change (the form is read-only for collaborators). */
export default function OrganizationCreationPage() {
  return (
    <>
      <PageHeader
        title="Organization creation"
        description="Whether users may create organizations themselves, the role they get in them, and how many each may create."
      />
      <OrganizationCreationSettingsCard />
    </>
  );
}
