"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { BadgeCheck, Plus } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { NativeSelect } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { SearchInput } from "@/components/ui/search-input";
import { QueryList } from "@/components/ui/query-list";
import { EmptyState } from "@/components/ui/states";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { plural } from "@/lib/format";
import { usePageClamp, useListParams } from "@/lib/use-list-params";
import { useTRPC } from "@/trpc/react";
import { ROLE_TYPE_LABELS } from "../template/role-type";
import { CreateRoleDialog } from "./create-role-dialog";
import { RoleTypeBadge } from "./role-type-badge";

const PAGE_SIZE = 20;

export function RolesList() {
  const trpc = useTRPC();
  const { q, page, filters, setQ, setPage, setFilter } = useListParams(["type"] as const);
  const type =
    filters.type === "User" || filters.type === "MachineToMachine" ? filters.type : undefined;
  const [creating, setCreating] = useState(false);
  const query = useQuery({
    ...trpc.role.list.queryOptions({ q: q || undefined, type, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const pastEnd = usePageClamp(query.data, page, setPage);
  const filtered = Boolean(q || type);
  const createButton = (
    <Button onClick={() => setCreating(true)} data-testid="create-global-role">
      <Plus aria-hidden />
      Create role
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Roles"
        description="Global roles: tenant-wide sets of API resource permissions, held by users or machine-to-machine applications everywhere. They are not the organization template, whose roles only mean something inside an organization."
        actions={createButton}
      />
      <div className="grid gap-4">
        <div className="flex w-full flex-col gap-2 sm:flex-row">
          <SearchInput
            value={q}
            onChange={setQ}
            label="Search roles"
            placeholder="Search by name or description"
          />
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
        <QueryList
          query={query}
          loading={pastEnd}
          empty={
            filtered ? (
              <EmptyState
                title="No roles match"
                description="Try another search or type, or clear them to see all roles."
              />
            ) : (
              <EmptyState
                icon={<BadgeCheck />}
                title="No roles yet"
                description="Create a role, give it permissions of your API resources, then assign it to users or machine-to-machine applications."
                action={createButton}
              />
            )
          }
        >
          {(data) => (
            <>
              <Table label="Roles">
                <THead>
                  <TR>
                    <TH>Name</TH>
                    <TH>Type</TH>
                    <TH className="hidden md:table-cell">Holders</TH>
                    <TH className="hidden md:table-cell">Permissions</TH>
                  </TR>
                </THead>
                <TBody>
                  {data.items.map((role) => (
                    <TR key={role.id} data-testid="global-role-row">
                      <TD>
                        <Link href={`/roles/${role.id}`} className="font-medium hover:underline">
                          {role.name}
                        </Link>
                        {role.isManagementApi ? <Badge className="ml-2">Built in</Badge> : null}
                        {role.description ? (
                          <p className="text-xs text-muted-foreground">{role.description}</p>
                        ) : null}
                      </TD>
                      <TD>
                        <RoleTypeBadge type={role.type} />
                      </TD>
                      <TD className="hidden text-muted-foreground md:table-cell">
                        {role.type === "User"
                          ? plural(role.usersCount, "user")
                          : plural(role.applicationsCount, "application")}
                      </TD>
                      <TD className="hidden text-muted-foreground md:table-cell">
                        {plural(role.scopesCount, "permission")}
                      </TD>
                    </TR>
                  ))}
                </TBody>
              </Table>
              <Pagination
                page={page}
                pageSize={PAGE_SIZE}
                total={data.total}
                onPageChange={setPage}
                label="Roles pages"
              />
            </>
          )}
        </QueryList>
      </div>
      <CreateRoleDialog open={creating} onOpenChange={setCreating} />
    </>
  );
}
