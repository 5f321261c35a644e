"use client";

import { useQuery } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { formatDate } from "@/lib/format";
import { useTRPC } from "@/trpc/react";
import type { RouterOutputs } from "@/trpc/types";
import { RoleApplicationsPanel } from "./role-applications-panel";
import { RolePermissionsPanel } from "./role-permissions-panel";
import { RoleSettings } from "./role-settings";
import { RoleTypeBadge } from "./role-type-badge";
import { RoleUsersPanel } from "./role-users-panel";

export type Role = RouterOutputs["role"]["get"];

export function RoleDetail({ initial }: { initial: Role }) {
  const trpc = useTRPC();
  const { data: role } = useQuery({
    ...trpc.role.get.queryOptions({ id: initial.id }),
    initialData: initial,
  });
  const holders = role.type === "User" ? "users" : "applications";
  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: "Roles", href: "/roles" }, { label: role.name }]}
        title={role.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <RoleTypeBadge type={role.type} />
            {role.isManagementApi ? <Badge>Built in</Badge> : null}
            <span>Global role · created {formatDate(role.createdAt)}</span>
          </span>
        }
      />
      {role.isManagementApi ? (
        <p
          className="mb-4 rounded-md border border-border bg-muted px-3 py-2 text-sm"
          data-testid="management-api-role-note"
        >
          This built-in role grants full access to Guildhall&apos;s Management API. It cannot be
          renamed or deleted and its permission is fixed; console admins choose which
          machine-to-machine applications hold it.
        </p>
      ) : null}
      <Tabs defaultValue="permissions">
        <TabsList aria-label="Role sections">
          <TabsTrigger value="permissions" data-testid="tab-permissions">
            Permissions
          </TabsTrigger>
          <TabsTrigger value={holders} data-testid={`tab-${holders}`}>
            {role.type === "User" ? "Users" : "Applications"}
          </TabsTrigger>
          <TabsTrigger value="settings" data-testid="tab-settings">
            Settings
          </TabsTrigger>
        </TabsList>
        <TabsContent value="permissions">
          <RolePermissionsPanel role={role} />
        </TabsContent>
        <TabsContent value={holders}>
          {role.type === "User" ? (
            <RoleUsersPanel role={role} />
          ) : (
            <RoleApplicationsPanel role={role} />
          )}
        </TabsContent>
        <TabsContent value="settings">
          <RoleSettings role={role} />
        </TabsContent>
      </Tabs>
    </>
  );
}
