import { useCallback, useEffect, useSyncExternalStore } from "react";
import { useGuildhall } from "../provider.tsx";
import type { Loader, ResourceState } from "../store.ts";

const DISABLED: ResourceState<never> = Object.freeze({
  data: undefined,
  error: undefined,
  loading: false,
});
const noSubscription = () => () => {};

/**
 * Reads `key` from the provider's store, loading it with `load` the first time a component
 * shows it. A null key (nothing to ask yet, e.g. no organization chosen) reads as idle.
 */
export function useResource<T>(
  key: string | null,
  load: Loader<T>,
): ResourceState<T> & { reload: () => Promise<void> } {
  const { store } = useGuildhall();
  const subscribe = useCallback(
    (listener: () => void) => (key === null ? noSubscription() : store.subscribe(key, listener)),
    [store, key],
  );
  const snapshot = () => (key === null ? DISABLED : store.getState<T>(key));
  const state = useSyncExternalStore(subscribe, snapshot, snapshot);
  useEffect(() => {
    if (key !== null) store.ensure(key, load);
    // `load` is derived from the key's inputs: the key alone says when to load again.
  }, [store, key]);
  const reload = useCallback(
    () => (key === null ? Promise.resolve() : store.reload(key)),
    [store, key],
  );
  return { ...state, reload };
}

/** Store keys, so that a change reloads exactly what it affects. */
export const keys = {
  organizations: "organizations",
  organization: (organizationId: string) => `org:${organizationId}:profile`,
  roles: (organizationId: string) => `org:${organizationId}:roles`,
  members: (organizationId: string, query: string) => `org:${organizationId}:members:${query}`,
  invitations: (organizationId: string, query: string) =>
    `org:${organizationId}:invitations:${query}`,
  /** Every key of one kind in one organization, e.g. all pages of its members. */
  prefix: (organizationId: string, kind: "members" | "invitations" | "roles" | "profile") =>
    `org:${organizationId}:${kind}`,
};
