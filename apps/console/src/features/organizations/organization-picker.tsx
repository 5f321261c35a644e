"use client";

import { SearchPicker, type PickerProps } from "@/components/search-picker";
import { plural } from "@/lib/format";

/** Searchable multi-select over organizations; `exclude` hides ones already chosen elsewhere. */
export function OrganizationPicker({
  exclude = [],
  ...props
}: PickerProps & { exclude?: string[] }) {
  return (
    <SearchPicker
      {...props}
      label="Organizations"
      query={(trpc, q) => trpc.organization.list.queryOptions({ q, pageSize: 20 })}
      option={(o) => ({ id: o.id, label: o.name, hint: plural(o.memberCount, "member") })}
      exclude={exclude}
      placeholder="Search organizations…"
      empty={{
        matching: (search) => `No organization matches “${search}”.`,
        none: "No other organizations.",
      }}
    />
  );
}
