"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { UserPlus, Users } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import {
  SelectPageCheckbox,
  SelectRowCheckbox,
  useRowSelection,
} from "@/components/bulk-selection";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { SearchInput } from "@/components/ui/search-input";
import { EmptyState, ErrorState, TableSkeleton } from "@/components/ui/states";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { errorMessage } from "@/lib/errors";
import { formatDate, formatDateTime } from "@/lib/format";
import { usePageClamp, useListParams } from "@/lib/use-list-params";
import { userDetails, userLabel } from "@/lib/user-label";
import { useTRPC } from "@/trpc/react";
import type { RouterOutputs } from "@/trpc/types";
import { CreateUserDialog } from "./create-user-dialog";
import { UserBulkActions } from "./user-bulk-actions";
import { MfaBadges, VerificationBadge } from "./account-badges";

const PAGE_SIZE = 20;

export function UsersList() {
  const trpc = useTRPC();
  const { q, page, setQ, setPage } = useListParams();
  const [creating, setCreating] = useState(false);
  const selection = useRowSelection<RouterOutputs["user"]["list"]["items"][number]>();
  const query = useQuery({
    ...trpc.user.list.queryOptions({ q: q || undefined, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const pastEnd = usePageClamp(query.data, page, setPage);
  const createButton = (
    <Button onClick={() => setCreating(true)} data-testid="create-user">
      <UserPlus aria-hidden />
      Create user
    </Button>
  );
  return (
    <>
      <PageHeader
        title="Users"
        description="Everyone in this tenant's user pool. One user can belong to many organizations."
        actions={createButton}
      />
      <div className="grid gap-4">
        <SearchInput
          value={q}
          onChange={setQ}
          label="Search users"
          placeholder="Search by email, username, phone, name or id"
        />
        {query.isPending || pastEnd ? (
          <TableSkeleton />
        ) : query.isError ? (
          <ErrorState message={errorMessage(query.error)} onRetry={() => void query.refetch()} />
        ) : query.data.items.length === 0 ? (
          q ? (
            <EmptyState
              title={`No users match “${q}”`}
              description="Search matches email, username, phone, name or id."
            />
          ) : (
            <EmptyState
              icon={<Users />}
              title="No users yet"
              description="Users sign up through your apps, accept invitations, or are created here."
              action={createButton}
            />
          )
        ) : (
          <>
            <Table label="Users">
              <THead>
                <TR>
                  <TH className="w-10">
                    <SelectPageCheckbox
                      selection={selection}
                      rows={query.data.items}
                      noun="users"
                    />
                  </TH>
                  <TH>User</TH>
                  <TH>Status</TH>
                  <TH className="hidden sm:table-cell">MFA</TH>
                  <TH className="hidden md:table-cell">Last sign-in</TH>
                  <TH className="hidden lg:table-cell">Created</TH>
                </TR>
              </THead>
              <TBody>
                {query.data.items.map((user) => (
                  <TR key={user.id} data-testid="user-row">
                    <TD className="w-10">
                      <SelectRowCheckbox selection={selection} row={user} label={userLabel(user)} />
                    </TD>
                    <TD>
                      <Link href={`/users/${user.id}`} className="font-medium hover:underline">
                        {userLabel(user)}
                      </Link>
                      {userDetails(user) ? (
                        <div className="text-xs text-muted-foreground">{userDetails(user)}</div>
                      ) : null}
                    </TD>
                    <TD>
                      <div className="flex flex-wrap gap-1">
                        {user.isSuspended ? (
                          <Badge tone="danger">Suspended</Badge>
                        ) : (
                          <Badge tone="success">Active</Badge>
                        )}
                        <VerificationBadge verified={user.emailVerified} />
                      </div>
                    </TD>
                    <TD className="hidden sm:table-cell">
                      <MfaBadges factors={user.mfaFactors} />
                    </TD>
                    <TD className="hidden text-muted-foreground md:table-cell">
                      {user.lastSignInAt ? formatDateTime(user.lastSignInAt) : "Never"}
                    </TD>
                    <TD className="hidden text-muted-foreground lg:table-cell">
                      {formatDate(user.createdAt)}
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
              label="Users pages"
            />
          </>
        )}
        <UserBulkActions selection={selection} />
      </div>
      <CreateUserDialog open={creating} onOpenChange={setCreating} />
    </>
  );
}
