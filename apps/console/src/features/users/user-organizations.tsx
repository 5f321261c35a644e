"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Building2, Pencil, Plus, UserMinus } from "lucide-react";
import Link from "next/link";
import { useEffect, useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { z } from "zod";
import { RoleBadges } from "@/components/role-badges";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { EmptyState, ErrorState, TableSkeleton } from "@/components/ui/states";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { applyServerErrors, errorMessage } from "@/lib/errors";
import { formatDate, plural } from "@/lib/format";
import { userLabel } from "@/lib/user-label";
import { useTRPC, useTRPCClient } from "@/trpc/react";
import type { RouterOutputs } from "@/trpc/types";
import {
  EditMemberRolesDialog,
  type MemberSummary,
} from "../organizations/edit-member-roles-dialog";
import { OrganizationPicker } from "../organizations/organization-picker";
import { RemoveMemberDialog } from "../organizations/remove-member-dialog";
import { RolePicker } from "../organizations/role-picker";

type User = RouterOutputs["user"]["get"];
type UserOrganization = RouterOutputs["user"]["organizations"][number];

/** The user's organizations with their roles; add, change roles, remove. */
export function UserOrganizations({ user }: { user: User }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.user.organizations.queryOptions({ id: user.id }));
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<UserOrganization | null>(null);
  const [removing, setRemoving] = useState<UserOrganization | null>(null);
  const asMember = (org: UserOrganization | null): MemberSummary | null =>
    org
      ? {
          id: user.id,
          email: user.email,
          username: user.username,
          name: user.name,
          organizationRoles: org.organizationRoles,
        }
      : null;
  const addButton = (
    <Button variant="outline" onClick={() => setAdding(true)} data-testid="add-to-organization">
      <Plus aria-hidden />
      Add to organizations
    </Button>
  );

  return (
    <Card>
      <CardHeader
        title="Organizations"
        description="Where this user is a member, and their roles in each."
        action={addButton}
      />
      {query.isPending ? (
        <TableSkeleton rows={2} />
      ) : query.isError ? (
        <ErrorState message={errorMessage(query.error)} onRetry={() => void query.refetch()} />
      ) : query.data.length === 0 ? (
        <EmptyState
          icon={<Building2 />}
          title="Not a member of any organization"
          description="Add the user to an organization to give them roles there."
        />
      ) : (
        <Table label="Organizations of this user">
          <THead>
            <TR>
              <TH>Organization</TH>
              <TH>Roles</TH>
              <TH className="hidden md:table-cell">Joined</TH>
              <TH className="w-24 text-right">
                <span className="sr-only">Actions</span>
              </TH>
            </TR>
          </THead>
          <TBody>
            {query.data.map((org) => (
              <TR key={org.id} data-testid="user-organization-row">
                <TD>
                  <Link
                    href={`/organizations/${org.id}/members`}
                    className="font-medium hover:underline"
                  >
                    {org.name}
                  </Link>
                </TD>
                <TD>
                  <RoleBadges roles={org.organizationRoles} label={`Roles in ${org.name}`} />
                </TD>
                <TD className="hidden text-muted-foreground md:table-cell">
                  {formatDate(org.joinedAt)}
                </TD>
                <TD className="text-right whitespace-nowrap">
                  <Button
                    variant="ghost"
                    size="icon"
                    onClick={() => setEditing(org)}
                    aria-label={`Edit roles in ${org.name}`}
                  >
                    <Pencil aria-hidden />
                  </Button>
                  <Button
                    variant="ghost"
                    size="icon"
                    onClick={() => setRemoving(org)}
                    aria-label={`Remove from ${org.name}`}
                  >
                    <UserMinus aria-hidden />
                  </Button>
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
      <AddToOrganizationsDialog
        user={user}
        open={adding}
        onOpenChange={setAdding}
        exclude={(query.data ?? []).map((o) => o.id)}
      />
      {editing ? (
        <EditMemberRolesDialog
          organizationId={editing.id}
          member={asMember(editing)}
          onOpenChange={(o) => !o && setEditing(null)}
        />
      ) : null}
      {removing ? (
        <RemoveMemberDialog
          organization={removing}
          member={asMember(removing)}
          onOpenChange={(o) => !o && setRemoving(null)}
        />
      ) : null}
    </Card>
  );
}

const option = z.object({ id: z.string(), label: z.string() });
const addSchema = z.object({
  organizations: z.array(option).min(1, "Pick at least one organization"),
  roles: z.array(option).max(100),
});

function AddToOrganizationsDialog({
  user,
  open,
  onOpenChange,
  exclude,
}: {
  user: User;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  exclude: string[];
}) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    resolver: zodResolver(addSchema),
    defaultValues: { organizations: [], roles: [] },
  });
  useEffect(() => {
    if (open) {
      form.reset({ organizations: [], roles: [] });
      setFormError(null);
    }
  }, [open, form]);

  const mutation = useMutation({
    mutationFn: async (v: z.output<typeof addSchema>) => {
      const roleIds = v.roles.map((r) => r.id);
      for (const org of v.organizations) {
        await client.organization.member.add.mutate({ organizationId: org.id, userIds: [user.id] });
        if (roleIds.length > 0) {
          await client.organization.member.role.assign.mutate({
            organizationId: org.id,
            userId: user.id,
            organizationRoleIds: roleIds,
          });
        }
      }
    },
    onSuccess: (_, v) => {
      toast.success(
        `${userLabel(user)} added to ${plural(v.organizations.length, "organization")}`,
      );
      onOpenChange(false);
    },
    onError: (e) => setFormError(applyServerErrors(e, form.setError, ["organizations", "roles"])),
    // Even a partial failure may have added some memberships.
    onSettled: (_, __, v) =>
      Promise.all([
        queryClient.invalidateQueries(trpc.user.organizations.queryFilter({ id: user.id })),
        queryClient.invalidateQueries(trpc.organization.list.pathFilter()),
        ...v.organizations.map((o) =>
          queryClient.invalidateQueries(trpc.organization.get.queryFilter({ id: o.id })),
        ),
        queryClient.invalidateQueries(trpc.organization.member.pathFilter()),
        queryClient.invalidateQueries(trpc.organizationRole.impact.pathFilter()),
      ]),
  });

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent
        title={`Add ${userLabel(user)} to organizations`}
        description="The user joins each organization with the roles you pick."
      >
        <form
          onSubmit={form.handleSubmit((v) => {
            setFormError(null);
            mutation.mutate(v);
          })}
          noValidate
          className="grid gap-4"
          aria-label="Add to organizations"
        >
          <FormError message={formError} />
          <FormField
            label="Organizations"
            required
            error={form.formState.errors.organizations?.message}
          >
            <Controller
              control={form.control}
              name="organizations"
              render={({ field }) => (
                <OrganizationPicker
                  value={field.value}
                  onChange={field.onChange}
                  exclude={exclude}
                />
              )}
            />
          </FormField>
          <FormField
            label="Roles"
            hint="Optional. Given in every organization picked."
            error={form.formState.errors.roles?.message}
          >
            <Controller
              control={form.control}
              name="roles"
              render={({ field }) => <RolePicker value={field.value} onChange={field.onChange} />}
            />
          </FormField>
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="outline">Cancel</Button>
            </DialogClose>
            <Button
              type="submit"
              pending={mutation.isPending}
              data-testid="add-to-organization-submit"
            >
              Add
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
