"use client";

import { SearchPicker, type PickerProps } from "@/components/search-picker";

/** Searchable multi-select over the machine-to-machine applications (by name or id). */
export function MachineApplicationPicker(props: PickerProps) {
  return (
    <SearchPicker
      {...props}
      label="Applications"
      query={(trpc, q) =>
        trpc.application.list.queryOptions({ q, type: "MachineToMachine", pageSize: 50 })
      }
      option={(a) => ({ id: a.id, label: a.name, hint: a.id })}
      placeholder="Choose machine-to-machine applications"
      empty={{
        matching: (search) => `No machine-to-machine application matches “${search}”.`,
        none: "No machine-to-machine applications yet. Create one under Applications.",
      }}
    />
  );
}
