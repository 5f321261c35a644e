"use client";

import { SearchPicker, type PickerProps } from "@/components/search-picker";

/** Searchable multi-select over the User-type global roles (users hold no machine-to-machine roles). */
export function GlobalRolePicker(props: PickerProps) {
  return (
    <SearchPicker
      {...props}
      label="Global roles"
      query={(trpc, q) => trpc.role.list.queryOptions({ q, type: "User", pageSize: 50 })}
      option={(r) => ({ id: r.id, label: r.name, hint: r.description })}
      placeholder="Choose roles"
      empty={{
        matching: (search) => `No user role matches “${search}”.`,
        none: "No user roles yet. Create one under Roles.",
      }}
    />
  );
}
