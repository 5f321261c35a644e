"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Pencil, Plus, Trash2, UserCog } from "lucide-react";
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
import { plural } from "@/lib/format";
import { usePageClamp, useListParams } from "@/lib/use-list-params";
import { useTRPC } from "@/trpc/react";
import type { RouterOutputs } from "@/trpc/types";
import { DeleteRoleDialog } from "./delete-role-dialog";
import { RoleDialog } from "./role-dialog";
import { ROLE_TYPE_LABELS } from "./role-type";

type Role = RouterOutputs["organizationRole"]["list"]["items"][number];

const PAGE_SIZE = 20;
const SHOWN_PERMISSIONS = 4;

export function RolesPanel() {
  const trpc = useTRPC();
  const { q, page, filters, setQ, setPage, setFilter } = useListParams(["type"] as const);
  const type =
    filters.type === "User" || filters.type === "MachineToMachine" ? filters.type : undefined;
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Role | null>(null);
  const [deleting, setDeleting] = useState<Role | null>(null);
  const query = useQuery({
    ...trpc.organizationRole.list.queryOptions({
      q: q || undefined,
      type,
      page,
      pageSize: PAGE_SIZE,
    }),
    placeholderData: keepPreviousData,
  });
  const pastEnd = usePageClamp(query.data, page, setPage);
  const filtered = Boolean(q || type);

  return (
    <section aria-labelledby="roles-heading" className="grid gap-4">
      <h2 id="roles-heading" className="sr-only">
        Roles
      </h2>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex w-full flex-col gap-2 sm:w-auto sm:flex-row">
          <SearchInput value={q} onChange={setQ} label="Search roles" />
          <NativeSelect
            aria-label="Filter by type"
            className="w-full sm:w-48"
            value={type ?? ""}
            onChange={(e) => setFilter("type", e.target.value)}
          >
            <option value="">All types</option>
            <option value="User">{ROLE_TYPE_LABELS.User}</option>
            <option value="MachineToMachine">{ROLE_TYPE_LABELS.MachineToMachine}</option>
          </NativeSelect>
        </div>
        <Button onClick={() => setCreating(true)} data-testid="create-role">
          <Plus aria-hidden />
          Create role
        </Button>
      </div>

      {query.isPending || pastEnd ? (
        <TableSkeleton />
      ) : query.isError ? (
        <ErrorState message={errorMessage(query.error)} onRetry={() => void query.refetch()} />
      ) : query.data.items.length === 0 ? (
        filtered ? (
          <EmptyState
            title="No roles match"
            description="Try another search or type, or clear the filters."
          />
        ) : (
          <EmptyState
            icon={<UserCog />}
            title="No roles yet"
            description="Roles bundle permissions, e.g. admin (invite:member, remove:member) and member (read:content). Every organization uses the same roles."
            action={
              <Button onClick={() => setCreating(true)}>
                <Plus aria-hidden />
                Create role
              </Button>
            }
          />
        )
      ) : (
        <>
          <Table label="Roles">
            <THead>
              <TR>
                <TH>Name</TH>
                <TH className="hidden sm:table-cell">Type</TH>
                <TH>Permissions</TH>
                <TH className="w-24 text-right">
                  <span className="sr-only">Actions</span>
                </TH>
              </TR>
            </THead>
            <TBody>
              {query.data.items.map((role) => (
                <TR key={role.id} data-testid="role-row">
                  <TD>
                    <Link
                      href={`/template/roles/${role.id}`}
                      className="font-medium hover:underline"
                      data-testid="role-link"
                    >
                      {role.name}
                    </Link>
                    {role.description ? (
                      <div className="text-xs text-muted-foreground">{role.description}</div>
                    ) : null}
                  </TD>
                  <TD className="hidden sm:table-cell">
                    <Badge tone={role.type === "User" ? "neutral" : "warning"}>
                      {ROLE_TYPE_LABELS[role.type]}
                    </Badge>
                  </TD>
                  <TD>
                    {role.permissions.length === 0 ? (
                      role.resourceScopes.length === 0 ? (
                        <span className="text-muted-foreground">None</span>
                      ) : null
                    ) : (
                      <ul
                        className="flex flex-wrap gap-1"
                        aria-label={`Permissions of ${role.name}`}
                      >
                        {role.permissions.slice(0, SHOWN_PERMISSIONS).map((p) => (
                          <li key={p.id}>
                            <Badge tone="primary" className="font-mono">
                              {p.name}
                            </Badge>
                          </li>
                        ))}
                        {role.permissions.length > SHOWN_PERMISSIONS ? (
                          <li>
                            <Badge>+{role.permissions.length - SHOWN_PERMISSIONS} more</Badge>
                          </li>
                        ) : null}
                      </ul>
                    )}
                    {role.resourceScopes.length > 0 ? (
                      <div className="mt-1 text-xs text-muted-foreground">
                        {role.permissions.length > 0 ? "and " : ""}
                        {plural(role.resourceScopes.length, "API permission")}
                      </div>
                    ) : null}
                  </TD>
                  <TD className="text-right whitespace-nowrap">
                    <Button
                      variant="ghost"
                      size="icon"
                      onClick={() => setEditing(role)}
                      aria-label={`Edit ${role.name}`}
                    >
                      <Pencil aria-hidden />
                    </Button>
                    <Button
                      variant="ghost"
                      size="icon"
                      onClick={() => setDeleting(role)}
                      aria-label={`Delete ${role.name}`}
                    >
                      <Trash2 aria-hidden />
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
            label="Roles pages"
          />
        </>
      )}

      <RoleDialog open={creating} onOpenChange={setCreating} />
      <RoleDialog
        open={editing !== null}
        onOpenChange={(open) => !open && setEditing(null)}
        role={editing ?? undefined}
      />
      <DeleteRoleDialog role={deleting} onOpenChange={(open) => !open && setDeleting(null)} />
    </section>
  );
}
