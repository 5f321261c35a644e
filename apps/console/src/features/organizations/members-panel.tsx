"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { KeySquare, Pencil, UserMinus, UserPlus, Users } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { useRowSelection } from "@/components/bulk-selection";
import { RelationPanel } from "@/components/relation-panel";
import { RoleBadges } from "@/components/role-badges";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { IconButton } from "@/components/ui/icon-button";
import { NativeSelect } from "@/components/ui/input";
import { formatDate } from "@/lib/format";
import { userIdentifier } from "@/lib/user-label";
import { usePageClamp, useListParams } from "@/lib/use-list-params";
import { useTRPC } from "@/trpc/react";
import type { RouterOutputs } from "@/trpc/types";
import { AddMembersDialog } from "./add-members-dialog";
import { EditMemberRolesDialog, memberLabel, type MemberSummary } from "./edit-member-roles-dialog";
import { MemberBulkActions } from "./member-bulk-actions";
import { MemberPermissionsDialog } from "./member-permissions-dialog";
import { RemoveMemberDialog } from "./remove-member-dialog";

const PAGE_SIZE = 20;

export function MembersPanel({ organizationId }: { organizationId: string }) {
  const trpc = useTRPC();
  // Already in the cache: the organization header loads it (with server data) first.
  const detail = useQuery(trpc.organization.get.queryOptions({ id: organizationId }));
  const organization = { id: organizationId, name: detail.data?.name ?? "this organization" };
  const { q, page, filters, setQ, setPage, setFilter } = useListParams(["role"] as const);
  const roleId = filters.role || undefined;
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<MemberSummary | null>(null);
  const [explaining, setExplaining] = useState<MemberSummary | null>(null);
  const [removing, setRemoving] = useState<MemberSummary | null>(null);
  const selection =
    useRowSelection<RouterOutputs["organization"]["member"]["list"]["items"][number]>();

  const roles = useQuery(trpc.organizationRole.list.queryOptions({ type: "User", pageSize: 100 }));
  const query = useQuery({
    ...trpc.organization.member.list.queryOptions({
      organizationId: organization.id,
      q: q || undefined,
      organizationRoleId: roleId,
      page,
      pageSize: PAGE_SIZE,
    }),
    placeholderData: keepPreviousData,
  });
  const pastEnd = usePageClamp(query.data, page, setPage);
  const addButton = (
    <Button onClick={() => setAdding(true)} data-testid="add-members">
      <UserPlus aria-hidden />
      Add members
    </Button>
  );

  return (
    <RelationPanel
      frame={{ kind: "section", id: "members", heading: "Members" }}
      action={addButton}
      search={{
        value: q,
        onChange: setQ,
        label: "Search members",
        placeholder: "Search by name, email, username or id",
      }}
      filters={{
        active: roleId !== undefined,
        controls: (
          <NativeSelect
            aria-label="Filter by role"
            className="w-full sm:w-44"
            value={roleId ?? ""}
            onChange={(e) => setFilter("role", e.target.value)}
          >
            <option value="">All roles</option>
            {(roles.data?.items ?? []).map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </NativeSelect>
        ),
      }}
      pagination={{ page, pageSize: PAGE_SIZE, onPageChange: setPage, label: "Members pages" }}
      query={query}
      loading={pastEnd}
      empty={{
        searching: {
          title: "No members match",
          description: "Try another search or role, or clear the filters.",
        },
        none: {
          icon: <Users />,
          title: `${organization.name} has no members yet`,
          description:
            "Add users from the pool, or create one here, and give them roles from the organization template.",
          action: addButton,
        },
      }}
      table={{ label: "Members", rowTestId: "member-row", actionsClassName: "w-32" }}
      columns={[
        {
          header: "Member",
          cell: (member) => (
            <>
              <Link href={`/users/${member.id}`} className="font-medium hover:underline">
                {memberLabel(member)}
              </Link>
              {member.name ? (
                <div className="text-xs text-muted-foreground">{userIdentifier(member)}</div>
              ) : null}
              {member.isSuspended ? (
                <Badge tone="danger" className="mt-1">
                  Suspended
                </Badge>
              ) : null}
            </>
          ),
        },
        {
          header: "Roles",
          cell: (member) => (
            <RoleBadges
              roles={member.organizationRoles}
              label={`Roles of ${memberLabel(member)}`}
            />
          ),
        },
        {
          header: "Joined",
          headClassName: "hidden md:table-cell",
          className: "hidden text-muted-foreground md:table-cell",
          cell: (member) => formatDate(member.joinedAt),
        },
      ]}
      selection={{ state: selection, noun: "members", label: (member) => memberLabel(member) }}
      // The remove button opens the member dialog the user page shares, not the panel's own.
      rowActions={(member) => (
        <>
          <IconButton
            onClick={() => setExplaining(member)}
            label={`Effective permissions of ${memberLabel(member)}`}
          >
            <KeySquare aria-hidden />
          </IconButton>
          <IconButton
            onClick={() => setEditing(member)}
            label={`Edit roles of ${memberLabel(member)}`}
          >
            <Pencil aria-hidden />
          </IconButton>
          <IconButton onClick={() => setRemoving(member)} label={`Remove ${memberLabel(member)}`}>
            <UserMinus aria-hidden />
          </IconButton>
        </>
      )}
    >
      <MemberBulkActions organization={organization} selection={selection} />
      <AddMembersDialog organization={organization} open={adding} onOpenChange={setAdding} />
      <EditMemberRolesDialog
        organizationId={organization.id}
        member={editing}
        onOpenChange={(o) => !o && setEditing(null)}
      />
      <MemberPermissionsDialog
        organizationId={organization.id}
        member={explaining}
        onOpenChange={(o) => !o && setExplaining(null)}
      />
      <RemoveMemberDialog
        organization={organization}
        member={removing}
        onOpenChange={(o) => !o && setRemoving(null)}
      />
    </RelationPanel>
  );
}
