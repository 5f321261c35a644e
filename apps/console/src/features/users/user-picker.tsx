"use client";

import { SearchPicker, type PickerProps } from "@/components/search-picker";

/** Searchable multi-select over the user pool (by email, name or id). */
export function UserPicker(props: PickerProps) {
  return (
    <SearchPicker
      {...props}
      label="Users"
      query={(trpc, q) => trpc.user.list.queryOptions({ q, pageSize: 20 })}
      option={(u) => ({
        id: u.id,
        label: u.name ? `${u.name} (${u.email})` : u.email,
        hint: u.isSuspended ? "Suspended" : null,
      })}
      placeholder="Search users…"
      empty={{
        matching: (search) => `No user matches “${search}”. Create one instead.`,
        none: "No users yet. Create one instead.",
      }}
    />
  );
}
