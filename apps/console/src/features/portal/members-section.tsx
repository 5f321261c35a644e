"use client";

import type { PortalMember } from "@guildhall/validators";
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { Pencil, UserMinus, Users } from "lucide-react";
import { useState } from "react";
import { RoleBadges } from "@/components/role-badges";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/form-field";
import { IconButton } from "@/components/ui/icon-button";
import { Pagination } from "@/components/ui/pagination";
import { QueryList } from "@/components/ui/query-list";
import { SearchInput } from "@/components/ui/search-input";
import { EmptyState } from "@/components/ui/states";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/errors";
import { formatDate } from "@/lib/format";
import { userDetails, userLabel } from "@/lib/user-label";
import { useTRPC } from "@/trpc/react";
import { PortalSection } from "./portal-section";
import { AssignableRolesField } from "./role-checklist";
import { useAssignableRoles } from "./use-assignable-roles";
import { usePortalRefresh } from "./use-portal-refresh";

const PAGE_SIZE = 20;

/** Members with their roles: search, and (with the permissions) change roles or remove. */
export function MembersSection({
  organizationId,
  userId,
  canChangeRoles,
  canRemove,
}: {
  organizationId: string;
  /** The signed-in user: they leave through "Leave organization", not by removing themselves. */
  userId: string;
  canChangeRoles: boolean;
  canRemove: boolean;
}) {
  const trpc = useTRPC();
  const [q, setQ] = useState("");
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<PortalMember | null>(null);
  const [removing, setRemoving] = useState<PortalMember | null>(null);
  const query = useQuery({
    ...trpc.portal.member.list.queryOptions({
      organizationId,
      q: q || undefined,
      page,
      pageSize: PAGE_SIZE,
    }),
    placeholderData: keepPreviousData,
  });
  const hasActions = canChangeRoles || canRemove;

  return (
    <PortalSection
      id="members"
      title="Members"
      description="Everyone in this organization and their roles."
    >
      <SearchInput
        value={q}
        onChange={(value) => {
          setQ(value);
          setPage(1);
        }}
        label="Search members"
        placeholder="Search by name, email or username"
      />
      <QueryList
        query={query}
        empty={
          q ? (
            <EmptyState title="No members match" description="Try another search." />
          ) : (
            <EmptyState icon={<Users />} title="No members yet" />
          )
        }
      >
        {(data) => (
          <>
            <Table label="Members">
              <THead>
                <TR>
                  <TH>Member</TH>
                  <TH>Roles</TH>
                  <TH className="hidden md:table-cell">Joined</TH>
                  {hasActions ? (
                    <TH className="w-24 text-right">
                      <span className="sr-only">Actions</span>
                    </TH>
                  ) : null}
                </TR>
              </THead>
              <TBody>
                {data.items.map((member) => {
                  const label = userLabel(member);
                  const self = member.id === userId;
                  return (
                    <TR key={member.id} data-testid="portal-member-row">
                      <TD>
                        <div className="font-medium">
                          {label}
                          {self ? (
                            <Badge tone="neutral" className="ml-2">
                              You
                            </Badge>
                          ) : null}
                        </div>
                        {userDetails(member) ? (
                          <div className="text-xs text-muted-foreground">{userDetails(member)}</div>
                        ) : null}
                        {member.isSuspended ? (
                          <Badge tone="danger" className="mt-1">
                            Suspended
                          </Badge>
                        ) : null}
                      </TD>
                      <TD>
                        <RoleBadges roles={member.organizationRoles} label={`Roles of ${label}`} />
                      </TD>
                      <TD className="hidden text-muted-foreground md:table-cell">
                        {formatDate(member.joinedAt)}
                      </TD>
                      {hasActions ? (
                        <TD className="text-right whitespace-nowrap">
                          {canChangeRoles ? (
                            <IconButton
                              label={`Change roles of ${label}`}
                              onClick={() => setEditing(member)}
                            >
                              <Pencil aria-hidden />
                            </IconButton>
                          ) : null}
                          {canRemove && !self ? (
                            <IconButton
                              label={`Remove ${label}`}
                              onClick={() => setRemoving(member)}
                            >
                              <UserMinus aria-hidden />
                            </IconButton>
                          ) : null}
                        </TD>
                      ) : null}
                    </TR>
                  );
                })}
              </TBody>
            </Table>
            <Pagination
              page={page}
              pageSize={PAGE_SIZE}
              total={data.total}
              onPageChange={setPage}
              label="Members pages"
            />
          </>
        )}
      </QueryList>
      {canChangeRoles ? (
        <ChangeRolesDialog
          organizationId={organizationId}
          member={editing}
          onClose={() => setEditing(null)}
        />
      ) : null}
      {canRemove ? (
        <RemoveMemberDialog
          organizationId={organizationId}
          member={removing}
          onClose={() => setRemoving(null)}
        />
      ) : null}
    </PortalSection>
  );
}

function ChangeRolesDialog({
  organizationId,
  member,
  onClose,
}: {
  organizationId: string;
  member: PortalMember | null;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const refresh = usePortalRefresh();
  const roles = useAssignableRoles(organizationId, member !== null);
  const [selected, setSelected] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState<PortalMember | null>(null);
  // A new member opens the dialog with their current roles.
  if (member && member !== shown) {
    setShown(member);
    setSelected(member.organizationRoles.map((r) => r.id));
    setError(null);
  }
  const change = useMutation(trpc.portal.member.changeRoles.mutationOptions());
  const label = shown ? userLabel(shown) : "";
  return (
    <Dialog open={member !== null} onOpenChange={(open) => !open && onClose()}>
      <DialogContent
        title={`Change roles of ${label}`}
        description="Their permissions in this organization change at once."
      >
        <form
          className="grid gap-4"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!shown) return;
            setError(null);
            change.mutate(
              { organizationId, userId: shown.id, organizationRoleIds: selected },
              {
                onSuccess: () => {
                  toast.success(`Roles of ${label} saved`);
                  onClose();
                  void refresh();
                },
                onError: (e) => setError(errorMessage(e)),
              },
            );
          }}
        >
          <FormError message={error} />
          <AssignableRolesField roles={roles} selected={selected} onChange={setSelected} />
          <DialogFooter>
            <Button type="button" variant="outline" onClick={onClose}>
              Cancel
            </Button>
            <Button
              type="submit"
              pending={change.isPending}
              disabled={!roles.isSuccess}
              data-testid="portal-save-roles"
            >
              Save roles
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function RemoveMemberDialog({
  organizationId,
  member,
  onClose,
}: {
  organizationId: string;
  member: PortalMember | null;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const refresh = usePortalRefresh();
  const remove = useMutation(trpc.portal.member.remove.mutationOptions());
  const [shown, setShown] = useState<PortalMember | null>(null);
  if (member && member !== shown) setShown(member);
  const label = shown ? userLabel(shown) : "";
  return (
    <ConfirmDialog
      open={member !== null}
      onOpenChange={(open) => !open && onClose()}
      title={`Remove ${label}?`}
      description="They can come back only with a new invitation."
      impact={`${label} loses every role in this organization, and its apps stop getting organization tokens for them.`}
      confirmLabel="Remove member"
      pending={remove.isPending}
      onConfirm={() => {
        if (!shown) return;
        remove.mutate(
          { organizationId, userId: shown.id },
          {
            onSuccess: () => {
              toast.success(`${label} removed`);
              onClose();
              void refresh();
            },
            onError: (e) => {
              onClose();
              toast.error(errorMessage(e));
            },
          },
        );
      }}
    />
  );
}
