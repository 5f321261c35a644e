import { useCallback } from "react";
import { useGuildhall } from "../provider.tsx";
import type { OrganizationMember, Paginated } from "../types.ts";
import { keys, useResource } from "./use-resource.ts";

export interface UseMembersOptions {
  /** Search: part of an email, username, phone number or name, or an exact user id. */
  q?: string;
  /** 1-based. */
  page?: number;
  /** Default 20. */
  pageSize?: number;
  /** False: do not ask (e.g. the user lacks `guildhall:members:read`). Default true. */
  enabled?: boolean;
}

/**
 * One page of the current organization's members with their roles
 * (`guildhall:members:read`), and the changes a member may make: `changeRoles`
 * (`guildhall:members:roles`) and `remove` (`guildhall:members:remove`). Both throw
 * `GuildhallApiError` when Guildhall refuses (e.g. `member.role_not_grantable`,
 * `organization.last_admin`), and reload what changed when it accepts.
 *
 * @example
 * const { members, total, changeRoles } = useMembers({ q: search, page });
 */
export function useMembers({
  q = "",
  page = 1,
  pageSize = 20,
  enabled = true,
}: UseMembersOptions = {}) {
  const { client, store, organizationId } = useGuildhall();
  const query = q.trim();
  const load = useCallback(
    (signal: AbortSignal) =>
      client.listMembers(organizationId ?? "", { q: query, page, pageSize }, { signal }),
    [client, organizationId, query, page, pageSize],
  );
  const key =
    organizationId === null || !enabled
      ? null
      : keys.members(organizationId, JSON.stringify([query, page, pageSize]));
  const state = useResource<Paginated<OrganizationMember>>(key, load);

  const changeRoles = useCallback(
    async (userId: string, roleIds: string[]) => {
      if (organizationId === null) return;
      await client.replaceMemberRoles(organizationId, userId, roleIds);
      // The user may have changed their own roles: their permissions and grants follow.
      await Promise.all([
        store.invalidate((k) => k.startsWith(keys.prefix(organizationId, "members"))),
        store.invalidate((k) => k === keys.organizations),
        store.invalidate((k) => k === keys.roles(organizationId)),
      ]);
    },
    [client, store, organizationId],
  );

  const remove = useCallback(
    async (userId: string) => {
      if (organizationId === null) return;
      await client.removeMember(organizationId, userId);
      await store.invalidate((k) => k.startsWith(keys.prefix(organizationId, "members")));
    },
    [client, store, organizationId],
  );

  return {
    members: state.data?.items,
    total: state.data?.total ?? 0,
    loading: state.loading,
    error: state.error,
    reload: state.reload,
    changeRoles,
    remove,
  };
}
