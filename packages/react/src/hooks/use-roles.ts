import { useCallback } from "react";
import { useGuildhall } from "../provider.tsx";
import type { AssignableRole } from "../types.ts";
import { keys, useResource } from "./use-resource.ts";

/**
 * The roles members of the current organization can hold, each with `grantable`: whether the
 * user may give it or take it away (`GET /api/my/organizations/{id}/roles`).
 *
 * @example
 * const { roles } = useRoles();
 * roles?.map((r) => <option key={r.id} disabled={!r.grantable}>{r.name}</option>);
 */
export function useRoles() {
  const { client, organizationId } = useGuildhall();
  const load = useCallback(
    (signal: AbortSignal) => client.listRoles(organizationId ?? "", { signal }),
    [client, organizationId],
  );
  const state = useResource<AssignableRole[]>(
    organizationId === null ? null : keys.roles(organizationId),
    load,
  );
  return { roles: state.data, loading: state.loading, error: state.error, reload: state.reload };
}
