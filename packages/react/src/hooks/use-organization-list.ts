import { useCallback } from "react";
import { useGuildhall } from "../provider.tsx";
import type { MyOrganization } from "../types.ts";
import { keys, useResource } from "./use-resource.ts";

/**
 * The signed-in user's organizations, with their roles and permissions in each
 * (`GET /api/my/organizations`, with the user's access token). One request per provider,
 * shared with {@link usePermissions} and `<OrganizationSwitcher>`.
 *
 * @example
 * const { organizations, loading, error } = useOrganizationList();
 */
export function useOrganizationList() {
  const { client } = useGuildhall();
  const load = useCallback(
    (signal: AbortSignal) => client.listMyOrganizations({ signal }),
    [client],
  );
  const state = useResource<MyOrganization[]>(keys.organizations, load);
  return {
    organizations: state.data,
    loading: state.loading,
    error: state.error,
    reload: state.reload,
  };
}
