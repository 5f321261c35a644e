"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { KeySquare, Pencil, UserMinus, UserPlus, Users } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { NativeSelect } from "@/components/ui/input";
import { Pagination } from "@/components/ui/pagination";
import { SearchInput } from "@/components/ui/search-input";
import { EmptyState, ErrorState, TableSkeleton } from "@/components/ui/states";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { errorMessage } from "@/lib/errors";
import { formatDate } from "@/lib/format";
import { usePageClamp, useListParams } from "@/lib/use-list-params";
import { useTRPC } from "@/trpc/react";
import { AddMembersDialog } from "./add-members-dialog";
import { EditMemberRolesDialog, memberLabel, type MemberSummary } from "./edit-member-roles-dialog";
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
  const filtered = Boolean(q || roleId);
  const addButton = (
    <Button onClick={() => setAdding(true)} data-testid="add-members">
      <UserPlus aria-hidden />
      Add members
    </Button>
  );

  return (
    <section aria-labelledby="members-heading" className="grid gap-4">
      <h2 id="members-heading" className="sr-only">
        Members
      </h2>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex w-full flex-col gap-2 sm:w-auto sm:flex-row">
          <SearchInput
            value={q}
            onChange={setQ}
            label="Search members"
            placeholder="Search by name, email or id"
          />
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
        </div>
        {addButton}
      </div>

      {query.isPending || pastEnd ? (
        <TableSkeleton />
      ) : query.isError ? (
        <ErrorState message={errorMessage(query.error)} onRetry={() => void query.refetch()} />
      ) : query.data.items.length === 0 ? (
        filtered ? (
          <EmptyState
            title="No members match"
            description="Try another search or role, or clear the filters."
          />
        ) : (
          <EmptyState
            icon={<Users />}
            title={`${organization.name} has no members yet`}
            description="Add users from the pool, or create one here, and give them roles from the organization template."
            action={addButton}
          />
        )
      ) : (
        <>
          <Table label="Members">
            <THead>
              <TR>
                <TH>Member</TH>
                <TH>Roles</TH>
                <TH className="hidden md:table-cell">Joined</TH>
                <TH className="w-32 text-right">
                  <span className="sr-only">Actions</span>
                </TH>
              </TR>
            </THead>
            <TBody>
              {query.data.items.map((member) => (
                <TR key={member.id} data-testid="member-row">
                  <TD>
                    <Link href={`/users/${member.id}`} className="font-medium hover:underline">
                      {memberLabel(member)}
                    </Link>
                    {member.name ? (
                      <div className="text-xs text-muted-foreground">{member.email}</div>
                    ) : null}
                    {member.isSuspended ? (
                      <Badge tone="danger" className="mt-1">
                        Suspended
                      </Badge>
                    ) : null}
                  </TD>
                  <TD>
                    {member.organizationRoles.length === 0 ? (
                      <span className="text-muted-foreground">No roles</span>
                    ) : (
                      <ul
                        className="flex flex-wrap gap-1"
                        aria-label={`Roles of ${memberLabel(member)}`}
                      >
                        {member.organizationRoles.map((r) => (
                          <li key={r.id}>
                            <Badge tone="primary">{r.name}</Badge>
                          </li>
                        ))}
                      </ul>
                    )}
                  </TD>
                  <TD className="hidden text-muted-foreground md:table-cell">
                    {formatDate(member.joinedAt)}
                  </TD>
                  <TD className="text-right whitespace-nowrap">
                    <Button
                      variant="ghost"
                      size="icon"
                      onClick={() => setExplaining(member)}
                      aria-label={`Effective permissions of ${memberLabel(member)}`}
                    >
                      <KeySquare aria-hidden />
                    </Button>
                    <Button
                      variant="ghost"
                      size="icon"
                      onClick={() => setEditing(member)}
                      aria-label={`Edit roles of ${memberLabel(member)}`}
                    >
                      <Pencil aria-hidden />
                    </Button>
                    <Button
                      variant="ghost"
                      size="icon"
                      onClick={() => setRemoving(member)}
                      aria-label={`Remove ${memberLabel(member)}`}
                    >
                      <UserMinus aria-hidden />
                    </Button>
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
          <Pagination
            page={page}
            pageSize={PAGE_SIZE}
            total={query.data.total}
            onPageChange={setPage}
            label="Members pages"
          />
        </>
      )}

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
    </section>
  );
}
