"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { BadgeCheck, Plus, Trash2 } from "lucide-react";
import Link from "next/link";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import type { Option } from "@/components/ui/multi-select";
import { QueryList } from "@/components/ui/query-list";
import { EmptyState } from "@/components/ui/states";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/errors";
import { plural } from "@/lib/format";
import { useTRPC } from "@/trpc/react";
import type { RouterOutputs } from "@/trpc/types";
import { GlobalRolePicker } from "../roles/global-role-picker";

type User = RouterOutputs["user"]["get"];
type GlobalRole = RouterOutputs["role"]["ofUser"]["list"]["items"][number];

/** The user's global roles (API permissions everywhere, unlike their organization roles); assign and remove. */
export function UserGlobalRoles({ user }: { user: User }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useQuery(trpc.role.ofUser.list.queryOptions({ userId: user.id, pageSize: 100 }));
  const [assigning, setAssigning] = useState(false);
  const [removing, setRemoving] = useState<GlobalRole | null>(null);
  const remove = useMutation(
    trpc.role.user.remove.mutationOptions({
      onSuccess: async () => {
        toast.success(`${removing?.name ?? "Role"} removed from ${user.email}`);
        setRemoving(null);
        await queryClient.invalidateQueries(trpc.role.pathFilter());
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const assignButton = (
    <Button
      variant="outline"
      onClick={() => setAssigning(true)}
      data-testid="assign-user-global-roles"
    >
      <Plus aria-hidden />
      Assign roles
    </Button>
  );
  return (
    <Card>
      <CardHeader
        title="Roles"
        description="Global roles: the API permissions this user holds in every app, apart from organization roles."
        action={assignButton}
      />
      <QueryList
        query={query}
        skeletonRows={2}
        empty={
          <EmptyState
            icon={<BadgeCheck />}
            title="No global roles"
            description="Assign a role to give this user permissions of your API resources."
          />
        }
      >
        {(data) => (
          <Table label="Global roles of this user">
            <THead>
              <TR>
                <TH>Role</TH>
                <TH className="hidden md:table-cell">Permissions</TH>
                <TH className="w-16 text-right">
                  <span className="sr-only">Actions</span>
                </TH>
              </TR>
            </THead>
            <TBody>
              {data.items.map((role) => (
                <TR key={role.id} data-testid="user-global-role-row">
                  <TD>
                    <Link href={`/roles/${role.id}`} className="font-medium hover:underline">
                      {role.name}
                    </Link>
                  </TD>
                  <TD className="hidden text-muted-foreground md:table-cell">
                    {plural(role.scopesCount, "permission")}
                  </TD>
                  <TD className="text-right">
                    <Button
                      variant="ghost"
                      size="icon"
                      onClick={() => setRemoving(role)}
                      aria-label={`Remove ${role.name}`}
                    >
                      <Trash2 aria-hidden />
                    </Button>
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </QueryList>
      <AssignRolesDialog user={user} open={assigning} onOpenChange={setAssigning} />
      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(o) => !o && setRemoving(null)}
        title={`Remove ${removing?.name ?? ""} from ${user.email}?`}
        description="Tokens issued from now on no longer carry this role's permissions."
        impact={`${user.email} loses the ${plural(removing?.scopesCount ?? 0, "permission")} of this role, unless another role grants them.`}
        confirmLabel="Remove role"
        pending={remove.isPending}
        onConfirm={() => removing && remove.mutate({ roleId: removing.id, userId: user.id })}
      />
    </Card>
  );
}

function AssignRolesDialog({
  user,
  open,
  onOpenChange,
}: {
  user: User;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [roles, setRoles] = useState<Option[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (open) {
      setRoles([]);
      setError(null);
    }
  }, [open]);
  const assign = useMutation(
    trpc.role.ofUser.assign.mutationOptions({
      onSuccess: async () => {
        toast.success(`${plural(roles.length, "role")} assigned to ${user.email}`);
        onOpenChange(false);
        await queryClient.invalidateQueries(trpc.role.pathFilter());
      },
      onError: (e) => setError(errorMessage(e)),
    }),
  );
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent
        title="Assign roles"
        description={`${user.email} gets their permissions in the next access token.`}
      >
        <form
          noValidate
          className="grid gap-4"
          aria-label="Assign roles"
          onSubmit={(e) => {
            e.preventDefault();
            if (roles.length === 0) return setError("Pick at least one role.");
            setError(null);
            assign.mutate({ userId: user.id, roleIds: roles.map((r) => r.id) });
          }}
        >
          <FormError message={error} />
          <FormField label="Roles" required>
            <GlobalRolePicker value={roles} onChange={setRoles} />
          </FormField>
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="outline">Cancel</Button>
            </DialogClose>
            <Button type="submit" pending={assign.isPending} data-testid="assign-user-roles-submit">
              Assign roles
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
