"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useFormField } from "@/components/ui/form-field";
import { MultiSelect, type Option } from "@/components/ui/multi-select";
import { plural } from "@/lib/format";
import { useTRPC } from "@/trpc/react";

/** Searchable multi-select over organizations; `exclude` hides ones already chosen elsewhere. */
export function OrganizationPicker({
  value,
  onChange,
  exclude = [],
}: {
  value: Option[];
  onChange: (value: Option[]) => void;
  exclude?: string[];
}) {
  const trpc = useTRPC();
  const field = useFormField();
  const [search, setSearch] = useState("");
  const query = useQuery(
    trpc.organization.list.queryOptions({ q: search || undefined, pageSize: 20 }),
  );
  const options = (query.data?.items ?? [])
    .filter((o) => !exclude.includes(o.id))
    .map((o) => ({ id: o.id, label: o.name, hint: plural(o.memberCount, "member") }));
  return (
    <MultiSelect
      label="Organizations"
      id={field?.id}
      describedBy={field?.describedBy}
      invalid={field?.invalid}
      selected={value}
      onChange={onChange}
      options={options}
      search={search}
      onSearchChange={setSearch}
      loading={query.isPending}
      placeholder="Search organizations…"
      emptyText={search ? `No organization matches “${search}”.` : "No other organizations."}
    />
  );
}
