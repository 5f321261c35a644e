"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { BadgeCheck, Plus } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { AssignDialog } from "@/components/assign-dialog";
import { RelationPanel } from "@/components/relation-panel";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { plural } from "@/lib/format";
import { userLabel } from "@/lib/user-label";
import { useTRPC } from "@/trpc/react";
import type { RouterOutputs } from "@/trpc/types";
import { GlobalRolePicker } from "../roles/global-role-picker";

type User = RouterOutputs["user"]["get"];

/** The user's global roles (API permissions everywhere, unlike their organization roles); assign and remove. */
export function UserGlobalRoles({ user }: { user: User }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useQuery(trpc.role.ofUser.list.queryOptions({ userId: user.id, pageSize: 100 }));
  const [assigning, setAssigning] = useState(false);
  const remove = useMutation(trpc.role.user.remove.mutationOptions());
  const assign = useMutation(trpc.role.ofUser.assign.mutationOptions());
  const invalidateRoles = () => queryClient.invalidateQueries(trpc.role.pathFilter());

  return (
    <RelationPanel
      frame={{
        kind: "card",
        title: "Roles",
        description:
          "Global roles: the API permissions this user holds in every app, apart from organization roles.",
      }}
      action={
        <Button
          variant="outline"
          onClick={() => setAssigning(true)}
          data-testid="assign-user-global-roles"
        >
          <Plus aria-hidden />
          Assign roles
        </Button>
      }
      query={query}
      skeletonRows={2}
      empty={{
        none: {
          icon: <BadgeCheck />,
          title: "No global roles",
          description: "Assign a role to give this user permissions of your API resources.",
        },
      }}
      table={{ label: "Global roles of this user", rowTestId: "user-global-role-row" }}
      columns={[
        {
          header: "Role",
          cell: (role) => (
            <Link href={`/roles/${role.id}`} className="font-medium hover:underline">
              {role.name}
            </Link>
          ),
        },
        {
          header: "Permissions",
          headClassName: "hidden md:table-cell",
          className: "hidden text-muted-foreground md:table-cell",
          cell: (role) => plural(role.scopesCount, "permission"),
        },
      ]}
      remove={{
        mutation: remove,
        variables: (role) => ({ roleId: role.id, userId: user.id }),
        label: (role) => `Remove ${role.name}`,
        confirm: (role) => ({
          title: `Remove ${role.name} from ${userLabel(user)}?`,
          description: "Tokens issued from now on no longer carry this role's permissions.",
          impact: `${userLabel(user)} loses the ${plural(role.scopesCount, "permission")} of this role, unless another role grants them.`,
          confirmLabel: "Remove role",
        }),
        removed: (role) => `${role.name} removed from ${userLabel(user)}`,
        onRemoved: invalidateRoles,
      }}
    >
      <AssignDialog
        open={assigning}
        onOpenChange={setAssigning}
        title="Assign roles"
        description={`${userLabel(user)} gets their permissions in the next access token.`}
        submitTestId="assign-user-roles-submit"
        emptyMessage="Pick at least one role."
        mutation={assign}
        variables={(roleIds) => ({ userId: user.id, roleIds })}
        assigned={(count) => `${plural(count, "role")} assigned to ${userLabel(user)}`}
        onAssigned={invalidateRoles}
      >
        {(roles, setRoles) => (
          <FormField label="Roles" required>
            <GlobalRolePicker value={roles} onChange={setRoles} />
          </FormField>
        )}
      </AssignDialog>
    </RelationPanel>
  );
}
