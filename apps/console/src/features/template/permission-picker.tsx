"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useFormField } from "@/components/ui/form-field";
import { MultiSelect, type Option } from "@/components/ui/multi-select";
import { useTRPC } from "@/trpc/react";

/** Searchable multi-select over the template's permissions. */
export function PermissionPicker({
  value,
  onChange,
}: {
  value: Option[];
  onChange: (value: Option[]) => void;
}) {
  const trpc = useTRPC();
  const field = useFormField();
  const [search, setSearch] = useState("");
  const query = useQuery(
    trpc.organizationPermission.list.queryOptions({ q: search || undefined, pageSize: 50 }),
  );
  const options = (query.data?.items ?? []).map((p) => ({
    id: p.id,
    label: p.name,
    hint: p.description,
  }));
  return (
    <MultiSelect
      label="Permissions"
      id={field?.id}
      describedBy={field?.describedBy}
      invalid={field?.invalid}
      selected={value}
      onChange={onChange}
      options={options}
      search={search}
      onSearchChange={setSearch}
      loading={query.isPending}
      placeholder="No permissions"
      emptyText={
        search
          ? `No permission matches “${search}”.`
          : "The template has no permissions yet. Create some on the Permissions tab."
      }
      footer={
        query.data && query.data.total > query.data.items.length ? (
          <p className="px-2 text-xs text-muted-foreground">
            Showing {query.data.items.length} of {query.data.total}. Search to find others.
          </p>
        ) : null
      }
    />
  );
}
