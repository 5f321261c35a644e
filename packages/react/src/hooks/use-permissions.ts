import { useCallback } from "react";
import { useGuildhall } from "../provider.tsx";
import type { RoleRef } from "../types.ts";
import { useOrganizationList } from "./use-organization-list.ts";

const NONE: readonly string[] = Object.freeze([]);
const NO_ROLES: readonly RoleRef[] = Object.freeze([]);

/**
 * The permission names the user holds in the current organization, from their organization
 * list; `has(permission)` for showing a control. Guildhall checks again on every call, so a
 * control shown from a stale list fails with a clear message rather than doing anything.
 *
 * @example
 * const { has } = usePermissions();
 * return has("guildhall:members:invite") ? <InviteButton /> : null;
 */
export function usePermissions() {
  const { organizationId } = useGuildhall();
  const { organizations, loading, error, reload } = useOrganizationList();
  const current =
    organizationId === null ? undefined : organizations?.find((o) => o.id === organizationId);
  const permissions = current?.permissions ?? NONE;
  const has = useCallback((permission: string) => permissions.includes(permission), [permissions]);
  return {
    permissions,
    /** The user's roles in the current organization. */
    roles: current?.roles ?? NO_ROLES,
    has,
    /** False when the user's list does not hold the current organization (or is not loaded). */
    isMember: current !== undefined,
    loading,
    error,
    reload,
  };
}
