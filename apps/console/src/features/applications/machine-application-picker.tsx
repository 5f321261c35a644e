"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useFormField } from "@/components/ui/form-field";
import { MultiSelect, type Option } from "@/components/ui/multi-select";
import { useTRPC } from "@/trpc/react";

/** Searchable multi-select over the machine-to-machine applications (by name or id). */
export function MachineApplicationPicker({
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
    trpc.application.list.queryOptions({
      q: search || undefined,
      type: "MachineToMachine",
      pageSize: 50,
    }),
  );
  return (
    <MultiSelect
      label="Applications"
      id={field?.id}
      describedBy={field?.describedBy}
      invalid={field?.invalid}
      selected={value}
      onChange={onChange}
      options={(query.data?.items ?? []).map((a) => ({ id: a.id, label: a.name, hint: a.id }))}
      search={search}
      onSearchChange={setSearch}
      loading={query.isPending}
      placeholder="Choose machine-to-machine applications"
      emptyText={
        search
          ? `No machine-to-machine application matches “${search}”.`
          : "No machine-to-machine applications yet. Create one under Applications."
      }
    />
  );
}
