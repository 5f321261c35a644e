"use client";

import { useQuery } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { formatDate } from "@/lib/format";
import { useTRPC } from "@/trpc/react";
import type { RouterOutputs } from "@/trpc/types";
import { ApiResourceSettings } from "./api-resource-settings";
import { ApiScopesPanel } from "./api-scopes-panel";

export type ApiResource = RouterOutputs["apiResource"]["get"];

export function ApiResourceDetail({ initial }: { initial: ApiResource }) {
  const trpc = useTRPC();
  const { data: resource } = useQuery({
    ...trpc.apiResource.get.queryOptions({ id: initial.id }),
    initialData: initial,
  });
  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: "API resources", href: "/api-resources" }, { label: resource.name }]}
        title={resource.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <code className="font-mono text-xs break-all">{resource.indicator}</code>
            {resource.isManagementApi ? <Badge>Built in</Badge> : null}
            <span>Created {formatDate(resource.createdAt)}</span>
          </span>
        }
      />
      {resource.isManagementApi ? (
        <p
          className="mb-4 rounded-md border border-border bg-muted px-3 py-2 text-sm"
          data-testid="management-api-note"
        >
          This is Guildhall&apos;s own Management API. It cannot be changed or deleted; give a
          machine-to-machine application access to it on the application&apos;s page.
        </p>
      ) : null}
      <Tabs defaultValue="permissions">
        <TabsList aria-label="API resource sections">
          <TabsTrigger value="permissions" data-testid="tab-permissions">
            Permissions
          </TabsTrigger>
          <TabsTrigger value="settings" data-testid="tab-settings">
            Settings
          </TabsTrigger>
        </TabsList>
        <TabsContent value="permissions">
          <ApiScopesPanel resource={resource} />
        </TabsContent>
        <TabsContent value="settings">
          <ApiResourceSettings resource={resource} />
        </TabsContent>
      </Tabs>
    </>
  );
}
