"use client";

import type { RoleType } from "@guildhall/validators";
import { SearchPicker, type PickerEmpty, type PickerProps } from "@/components/search-picker";

/** Searchable multi-select over the template's user roles (for members). */
export function RolePicker({ label = "Roles", ...props }: PickerProps & { label?: string }) {
  return (
    <TemplateRolePicker
      {...props}
      type="User"
      label={label}
      empty={{
        matching: (search) => `No role matches “${search}”.`,
        none: "The template has no user roles yet. Create them under Organization template.",
      }}
    />
  );
}

/** Searchable multi-select over the template's machine-to-machine roles (for applications). */
export function MachineRolePicker(props: PickerProps) {
  return (
    <TemplateRolePicker
      {...props}
      type="MachineToMachine"
      label="Roles"
      empty={{
        matching: (search) => `No machine-to-machine role matches “${search}”.`,
        none: "The template has no machine-to-machine roles yet. Create one under Organization template (type Machine-to-machine).",
      }}
    />
  );
}

/** One role type of the template; each row's hint lists the role's permissions. */
function TemplateRolePicker({
  type,
  label,
  empty,
  ...props
}: PickerProps & {
  type: RoleType;
  label: string;
  empty: PickerEmpty;
}) {
  return (
    <SearchPicker
      {...props}
      label={label}
      query={(trpc, q) => trpc.organizationRole.list.queryOptions({ q, type, pageSize: 50 })}
      option={(r) => ({
        id: r.id,
        label: r.name,
        hint: r.permissions.length ? r.permissions.map((p) => p.name).join(", ") : "No permissions",
      })}
      placeholder="No roles"
      empty={empty}
    />
  );
}
