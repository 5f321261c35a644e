"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useFormField } from "@/components/ui/form-field";
import { MultiSelect, type Option } from "@/components/ui/multi-select";
import { useTRPC } from "@/trpc/react";

/** Searchable multi-select over the User-type global roles (users hold no machine-to-machine roles). */
export function GlobalRolePicker({
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
    trpc.role.list.queryOptions({ q: search || undefined, type: "User", pageSize: 50 }),
  );
  return (
    <MultiSelect
      label="Global roles"
      id={field?.id}
      describedBy={field?.describedBy}
      invalid={field?.invalid}
      selected={value}
      onChange={onChange}
      options={(query.data?.items ?? []).map((r) => ({
        id: r.id,
        label: r.name,
        hint: r.description,
      }))}
      search={search}
      onSearchChange={setSearch}
      loading={query.isPending}
      placeholder="Choose roles"
      emptyText={
        search ? `No user role matches “${search}”.` : "No user roles yet. Create one under Roles."
      }
    />
  );
}
