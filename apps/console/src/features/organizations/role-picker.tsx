"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useFormField } from "@/components/ui/form-field";
import { MultiSelect, type Option } from "@/components/ui/multi-select";
import { useTRPC } from "@/trpc/react";

/** Searchable multi-select over the template's user roles (for members). */
export function RolePicker({
  value,
  onChange,
  label = "Roles",
}: {
  value: Option[];
  onChange: (value: Option[]) => void;
  label?: string;
}) {
  const trpc = useTRPC();
  const field = useFormField();
  const [search, setSearch] = useState("");
  const query = useQuery(
    trpc.organizationRole.list.queryOptions({ q: search || undefined, type: "User", pageSize: 50 }),
  );
  const options = (query.data?.items ?? []).map((r) => ({
    id: r.id,
    label: r.name,
    hint: r.permissions.length ? r.permissions.map((p) => p.name).join(", ") : "No permissions",
  }));
  return (
    <MultiSelect
      label={label}
      id={field?.id}
      describedBy={field?.describedBy}
      invalid={field?.invalid}
      selected={value}
      onChange={onChange}
      options={options}
      search={search}
      onSearchChange={setSearch}
      loading={query.isPending}
      placeholder="No roles"
      emptyText={
        search
          ? `No role matches “${search}”.`
          : "The template has no user roles yet. Create them under Organization template."
      }
    />
  );
}
