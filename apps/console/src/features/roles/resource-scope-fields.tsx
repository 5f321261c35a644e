"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { FormField, useFormField } from "@/components/ui/form-field";
import { NativeSelect } from "@/components/ui/input";
import { MultiSelect, type Option } from "@/components/ui/multi-select";
import { useTRPC } from "@/trpc/react";

/**
 * Pick an API resource, then some of its permissions; choosing another resource clears the
 * permissions. The Management API is left out: its permission belongs to the built-in role alone.
 */
export function ResourceScopeFields({
  value,
  onChange,
}: {
  value: Option[];
  onChange: (value: Option[]) => void;
}) {
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

function ScopePicker({
  resourceId,
  value,
  onChange,
}: {
  resourceId: string;
  value: Option[];
  onChange: (value: Option[]) => void;
}) {
  const trpc = useTRPC();
  const field = useFormField();
  const [search, setSearch] = useState("");
  const query = useQuery(
    trpc.apiResource.scope.list.queryOptions({ resourceId, q: search || undefined, pageSize: 100 }),
  );
  return (
    <MultiSelect
      label="Permissions"
      id={field?.id}
      describedBy={field?.describedBy}
      invalid={field?.invalid}
      selected={value}
      onChange={onChange}
      options={(query.data?.items ?? []).map((s) => ({
        id: s.id,
        label: s.name,
        hint: s.description,
      }))}
      search={search}
      onSearchChange={setSearch}
      loading={query.isPending}
      placeholder="Choose permissions"
      emptyText={
        search ? `No permission matches “${search}”.` : "This API resource has no permissions yet."
      }
    />
  );
}
