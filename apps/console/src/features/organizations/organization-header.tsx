"use client";

import { useQuery } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { LinkTabs } from "@/components/ui/tabs";
import { plural } from "@/lib/format";
import { useTRPC } from "@/trpc/react";
import type { RouterOutputs } from "@/trpc/types";

type Organization = RouterOutputs["organization"]["get"];

/** Name, counts and tabs; follows edits made on the settings tab. */
export function OrganizationHeader({ initial }: { initial: Organization }) {
  const trpc = useTRPC();
  const { data: organization } = useQuery({
    ...trpc.organization.get.queryOptions({ id: initial.id }),
    initialData: initial,
  });
  return (
    <>
      <PageHeader
        breadcrumbs={[
          { label: "Organizations", href: "/organizations" },
          { label: organization.name },
        ]}
        title={organization.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span className="font-mono text-xs">{organization.id}</span>
            <span aria-hidden>·</span>
            <span>{plural(organization.memberCount, "member")}</span>
            {organization.isMfaRequired ? <Badge tone="success">MFA required</Badge> : null}
            {organization.isSsoOnly ? <Badge tone="success">SSO only</Badge> : null}
          </span>
        }
      />
      <LinkTabs
        label="Organization sections"
        tabs={[
          { href: `/organizations/${organization.id}/members`, label: "Members" },
          { href: `/organizations/${organization.id}/invitations`, label: "Invitations" },
          { href: `/organizations/${organization.id}/applications`, label: "Applications" },
          { href: `/organizations/${organization.id}/provisioning`, label: "Provisioning" },
          { href: `/organizations/${organization.id}/audit`, label: "Audit" },
          { href: `/organizations/${organization.id}/settings`, label: "Settings" },
        ]}
      />
    </>
  );
}
