"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { SearchPicker, type PickerProps } from "@/components/search-picker";
import { FormField } from "@/components/ui/form-field";
import { NativeSelect } from "@/components/ui/input";
import { useTRPC } from "@/trpc/react";

/**
 * Pick an API resource, then some of its permissions; choosing another resource clears the
 * permissions. The Management API is left out: its permission belongs to the built-in role alone.
 */
export function ResourceScopeFields({ value, onChange }: PickerProps) {
  const trpc = useTRPC();
  const [resourceId, setResourceId] = useState("");
  const resources = useQuery(trpc.apiResource.list.queryOptions({ pageSize: 100 }));
  const choices = (resources.data?.items ?? []).filter((r) => !r.isManagementApi);
  return (
    <>
      <FormField
        label="API resource"
        required
        hint={
          choices.length === 0 && resources.isSuccess
            ? "No API resources yet: register one under API resources."
            : undefined
        }
      >
        <NativeSelect
          value={resourceId}
          onChange={(e) => {
            setResourceId(e.target.value);
            onChange([]);
          }}
          data-testid="assign-permissions-resource"
        >
          <option value="">Choose an API resource</option>
          {choices.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </NativeSelect>
      </FormField>
      {resourceId ? (
        <FormField label="Permissions" required>
          <ScopePicker resourceId={resourceId} value={value} onChange={onChange} />
        </FormField>
      ) : null}
    </>
  );
}

function ScopePicker({ resourceId, ...props }: PickerProps & { resourceId: string }) {
  return (
    <SearchPicker
      {...props}
      label="Permissions"
      query={(trpc, q) =>
        trpc.apiResource.scope.list.queryOptions({ resourceId, q, pageSize: 100 })
      }
      option={(s) => ({ id: s.id, label: s.name, hint: s.description })}
      placeholder="Choose permissions"
      empty={{
        matching: (search) => `No permission matches “${search}”.`,
        none: "This API resource has no permissions yet.",
      }}
    />
  );
}
