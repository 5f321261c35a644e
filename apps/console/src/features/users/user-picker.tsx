"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useFormField } from "@/components/ui/form-field";
import { MultiSelect, type Option } from "@/components/ui/multi-select";
import { useTRPC } from "@/trpc/react";

/** Searchable multi-select over the user pool (by email, name or id). */
export function UserPicker({
  value,
  onChange,
}: {
  value: Option[];
  onChange: (value: Option[]) => void;
}) {
  const trpc = useTRPC();
  const field = useFormField();
  const [search, setSearch] = useState("");
  const query = useQuery(trpc.user.list.queryOptions({ q: search || undefined, pageSize: 20 }));
  const options = (query.data?.items ?? []).map((u) => ({
    id: u.id,
    label: u.name ? `${u.name} (${u.email})` : u.email,
    hint: u.isSuspended ? "Suspended" : null,
  }));
  return (
    <MultiSelect
      label="Users"
      id={field?.id}
      describedBy={field?.describedBy}
      invalid={field?.invalid}
      selected={value}
      onChange={onChange}
      options={options}
      search={search}
      onSearchChange={setSearch}
      loading={query.isPending}
      placeholder="Search users…"
      emptyText={
        search
          ? `No user matches “${search}”. Create one instead.`
          : "No users yet. Create one instead."
      }
    />
  );
}
