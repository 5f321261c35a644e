"use client";

import { useMutation } from "@tanstack/react-query";
import { Pencil, ShieldCheck } from "lucide-react";
import { useState } from "react";
import { AssignDialog } from "@/components/assign-dialog";
import { RelationPanel } from "@/components/relation-panel";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { plural } from "@/lib/format";
import { useTRPC } from "@/trpc/react";
import { RolePicker } from "../organizations/role-picker";
import type { JitQueries } from "./use-jit-queries";

/** The roles a user provisioned just in time gets: pick the set, or remove one. */
export function JitDefaultRoles({
  organizationId,
  jit,
}: {
  organizationId: string;
  jit: JitQueries;
}) {
  const trpc = useTRPC();
  const [editing, setEditing] = useState(false);
  const replace = useMutation(trpc.organization.jit.role.replace.mutationOptions());
  const remove = useMutation(trpc.organization.jit.role.remove.mutationOptions());
  const current = jit.roles.data?.items ?? [];
  return (
    <RelationPanel
      frame={{
        kind: "card",
        title: "Default roles",
        description:
          "The organization roles a user gets when joining just in time. Members already here keep theirs.",
      }}
      action={
        <Button variant="outline" onClick={() => setEditing(true)} data-testid="jit-roles-edit">
          <Pencil aria-hidden />
          Edit default roles
        </Button>
      }
      query={jit.roles}
      skeletonRows={2}
      empty={{
        none: {
          icon: <ShieldCheck />,
          title: "No default roles",
          description: "Users who join just in time become members without roles.",
        },
      }}
      table={{ label: "Default roles", rowTestId: "jit-role-row" }}
      columns={[
        { header: "Role", className: "font-medium", cell: (r) => r.name },
        {
          header: "Permissions",
          headClassName: "hidden md:table-cell",
          className: "hidden text-muted-foreground md:table-cell",
          cell: (r) =>
            r.permissions.length ? r.permissions.map((p) => p.name).join(", ") : "None",
        },
      ]}
      remove={{
        mutation: remove,
        variables: (r) => ({ organizationId, organizationRoleId: r.id }),
        label: (r) => `Remove ${r.name} from the default roles`,
        confirm: (r) => ({
          title: `Stop giving ${r.name} to new members?`,
          description: "Users who join just in time from now on will not get this role.",
          impact: "Members who already hold it keep it.",
          confirmLabel: "Remove default role",
        }),
        removed: (r) => `${r.name} is no longer a default role`,
        onRemoved: jit.refresh,
      }}
    >
      <AssignDialog
        open={editing}
        onOpenChange={setEditing}
        title="Edit default roles"
        description="Users who join just in time get exactly these roles. Only user roles can be picked."
        submitLabel="Save default roles"
        submitTestId="jit-roles-save"
        initial={current.map((r) => ({ id: r.id, label: r.name }))}
        mutation={replace}
        variables={(organizationRoleIds) => ({ organizationId, organizationRoleIds })}
        assigned={(count) =>
          count ? `${plural(count, "default role")} saved` : "No default roles"
        }
        onAssigned={jit.refresh}
      >
        {(roles, setRoles) => (
          <FormField label="Default roles">
            <RolePicker value={roles} onChange={setRoles} />
          </FormField>
        )}
      </AssignDialog>
    </RelationPanel>
  );
}
