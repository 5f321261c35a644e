"use client";

import { SearchPicker, type PickerProps } from "@/components/search-picker";

/** Multi-select over the instance's SSO connectors (a short list: one page holds them). */
export function SsoConnectorPicker(props: PickerProps) {
  return (
    <SearchPicker
      {...props}
      label="SSO connectors"
      // The connector list has no search: the first 100 are all an instance has in practice.
      query={(trpc) => trpc.ssoConnector.list.queryOptions({ pageSize: 100 })}
      option={(c) => ({
        id: c.id,
        label: c.connectorName,
        hint: `${c.providerName}${c.domains.length ? ` · ${c.domains.join(", ")}` : ""}`,
      })}
      placeholder="No connectors"
      empty={{
        matching: () => "No connector matches.",
        none: "There are no SSO connectors yet. Create one under Enterprise SSO.",
      }}
      noteTruncation
    />
  );
}
