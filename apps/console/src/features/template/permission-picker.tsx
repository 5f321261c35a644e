"use client";

import { SearchPicker, type PickerProps } from "@/components/search-picker";

/** Searchable multi-select over the template's permissions. */
export function PermissionPicker(props: PickerProps) {
  return (
    <SearchPicker
      {...props}
      label="Permissions"
      query={(trpc, q) => trpc.organizationPermission.list.queryOptions({ q, pageSize: 50 })}
      option={(p) => ({ id: p.id, label: p.name, hint: p.description })}
      placeholder="No permissions"
      empty={{
        matching: (search) => `No permission matches “${search}”.`,
        none: "The template has no permissions yet. Create some on the Permissions tab.",
      }}
      noteTruncation
    />
  );
}
