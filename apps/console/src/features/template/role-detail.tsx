"use client";

import { useQuery } from "@tanstack/react-query";
import { ArrowLeft, Pencil } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { formatDate } from "@/lib/format";
import { useTRPC } from "@/trpc/react";
import type { RouterOutputs } from "@/trpc/types";
import { RoleApiPermissionsPanel } from "./role-api-permissions-panel";
import { RoleDialog } from "./role-dialog";
import { ROLE_TYPE_LABELS } from "./role-type";

export type OrganizationRole = RouterOutputs["organizationRole"]["get"];

/** One role of the template: its organization permissions and its API permissions. */
export function OrganizationRoleDetail({ initial }: { initial: OrganizationRole }) {
  const trpc = useTRPC();
  const [editing, setEditing] = useState(false);
  const { data: role } = useQuery({
    ...trpc.organizationRole.get.queryOptions({ id: initial.id }),
    initialData: initial,
  });
  return (
    <div className="grid gap-5">
      <div className="grid gap-3">
        <Link
          href="/template/roles"
          className="inline-flex w-fit items-center gap-1 text-sm text-muted-foreground hover:text-foreground"
        >
          <ArrowLeft aria-hidden className="size-4" />
          All roles
        </Link>
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="grid gap-1">
            <h2 className="text-xl font-semibold" data-testid="organization-role-name">
              {role.name}
            </h2>
            <p className="flex flex-wrap items-center gap-2 text-sm text-muted-foreground">
              <Badge tone={role.type === "User" ? "neutral" : "warning"}>
                {ROLE_TYPE_LABELS[role.type]}
              </Badge>
              <span>Organization role · created {formatDate(role.createdAt)}</span>
            </p>
            {role.description ? <p className="text-sm">{role.description}</p> : null}
          </div>
          <Button variant="outline" onClick={() => setEditing(true)}>
            <Pencil aria-hidden />
            Edit role
          </Button>
        </div>
      </div>

      <Card>
        <CardHeader
          title="Organization permissions"
          description="What members holding this role may do in their organization. Edit the role to change them."
        />
        {role.permissions.length === 0 ? (
          <p className="text-sm text-muted-foreground">None yet.</p>
        ) : (
          <ul
            className="flex flex-wrap gap-1"
            aria-label={`Organization permissions of ${role.name}`}
          >
            {role.permissions.map((p) => (
              <li key={p.id}>
                <Badge tone="primary" className="font-mono">
                  {p.name}
                </Badge>
              </li>
            ))}
          </ul>
        )}
      </Card>

      <RoleApiPermissionsPanel role={role} />

      <RoleDialog open={editing} onOpenChange={setEditing} role={role} />
    </div>
  );
}
