"use client";

import { SearchPicker, type PickerProps } from "@/components/search-picker";
import { userDetails, userLabel } from "@/lib/user-label";

/** Searchable multi-select over the user pool (by email, username, phone, name or id). */
export function UserPicker(props: PickerProps) {
  return (
    <SearchPicker
      {...props}
      label="Users"
      query={(trpc, q) => trpc.user.list.queryOptions({ q, pageSize: 20 })}
      option={(u) => ({
        id: u.id,
        label: userDetails(u) ? `${userLabel(u)} (${userDetails(u)})` : userLabel(u),
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
