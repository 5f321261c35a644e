import { useCallback } from "react";
import { useGuildhall } from "../provider.tsx";
import type { Organization } from "../types.ts";
import { keys, useResource } from "./use-resource.ts";

/**
 * The current organization's profile (`GET /api/my/organizations/{id}`, with its organization
 * token): name, description, branding. `organization` is undefined while loading or before an
 * organization is chosen.
 *
 * @example
 * const { organization, reload } = useOrganization();
 */
export function useOrganization() {
  const { client, organizationId } = useGuildhall();
  const load = useCallback(
    (signal: AbortSignal) => client.getOrganization(organizationId ?? "", { signal }),
    [client, organizationId],
  );
  const state = useResource<Organization>(
    organizationId === null ? null : keys.organization(organizationId),
    load,
  );
  return {
    organizationId,
    organization: state.data,
    loading: state.loading,
    error: state.error,
    reload: state.reload,
  };
}
