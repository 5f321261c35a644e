"use client";

import type { AssignableRole } from "@guildhall/validators";
import type { UseQueryResult } from "@tanstack/react-query";
import { useId } from "react";
import { Checkbox } from "@/components/ui/checkbox";
import { FormError } from "@/components/ui/form-field";
import { Skeleton } from "@/components/ui/states";
import { cn } from "@/lib/cn";
import { errorMessage } from "@/lib/errors";

/**
 * The template's roles as checkboxes. A role the caller may not give or take away (it holds
 * a permission they do not hold) is shown, disabled, with the reason; core refuses it anyway.
 */
export function RoleChecklist({
  roles,
  selected,
  onChange,
  legend = "Roles",
}: {
  roles: readonly AssignableRole[];
  selected: readonly string[];
  onChange: (roleIds: string[]) => void;
  legend?: string;
}) {
  const id = useId();
  if (roles.length === 0)
    return (
      <p className="text-sm text-muted-foreground">
        There are no roles to give yet: the app&apos;s administrators define them.
      </p>
    );
  return (
    <fieldset className="grid gap-2" aria-describedby={`${id}-hint`}>
      <legend className="text-sm font-medium">{legend}</legend>
      <p id={`${id}-hint`} className="text-xs text-muted-foreground">
        You can give or take away only roles whose permissions you hold yourself.
      </p>
      <ul className="grid max-h-72 gap-2 overflow-y-auto pr-1">
        {roles.map((role) => {
          const boxId = `${id}-${role.id}`;
          const checked = selected.includes(role.id);
          return (
            <li
              key={role.id}
              className="flex items-start gap-3 rounded-md border border-border p-2.5"
              data-testid="portal-role-option"
              data-grantable={role.grantable}
            >
              <Checkbox
                id={boxId}
                className="mt-0.5"
                checked={checked}
                disabled={!role.grantable}
                aria-describedby={`${boxId}-hint`}
                onCheckedChange={(value) =>
                  onChange(
                    value === true
                      ? [...selected, role.id]
                      : selected.filter((roleId) => roleId !== role.id),
                  )
                }
              />
              <div className="grid min-w-0 gap-0.5">
                <label
                  htmlFor={boxId}
                  className={cn("text-sm font-medium", !role.grantable && "text-muted-foreground")}
                >
                  {role.name}
                </label>
                <p id={`${boxId}-hint`} className="text-xs break-words text-muted-foreground">
                  {role.description ? `${role.description} ` : ""}
                  {role.permissions.length > 0
                    ? `Permissions: ${role.permissions.join(", ")}.`
                    : "No permissions."}
                  {role.grantable
                    ? ""
                    : " You cannot give or take away this role: it holds permissions you do not have."}
                </p>
              </div>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}

/**
 * The checklist for a query of the organization's assignable roles: a placeholder while it
 * loads, the error if it failed. What the member and request dialogs share.
 */
export function AssignableRolesField({
  roles,
  selected,
  onChange,
}: {
  roles: UseQueryResult<AssignableRole[], unknown>;
  selected: readonly string[];
  onChange: (roleIds: string[]) => void;
}) {
  if (roles.isPending) return <Skeleton className="h-28" />;
  if (roles.isError) return <FormError message={errorMessage(roles.error)} />;
  return <RoleChecklist roles={roles.data} selected={selected} onChange={onChange} />;
}
