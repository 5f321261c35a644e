import { useCallback } from "react";
import { useGuildhall } from "../provider.tsx";
import type { CreateInvitationInput, Invitation, InvitationStatus, Paginated } from "../types.ts";
import { keys, useResource } from "./use-resource.ts";

export interface UseInvitationsOptions {
  status?: InvitationStatus;
  /** 1-based. */
  page?: number;
  /** Default 20. */
  pageSize?: number;
  /**
   * False: do not list (e.g. the user lacks `guildhall:invitations:manage` but may still
   * invite). Default true.
   */
  enabled?: boolean;
}

/**
 * The current organization's invitations, newest first (`guildhall:invitations:manage`), and
 * what a member may do with them: `invite` and `resend` (`guildhall:members:invite`),
 * `revoke` (`guildhall:invitations:manage`). Actions throw `GuildhallApiError` when Guildhall
 * refuses, and reload the list when it accepts.
 *
 * @example
 * const { invitations, invite } = useInvitations();
 * await invite({ email: "bob@example.com", roleIds: [memberRoleId] });
 */
export function useInvitations({
  status,
  page = 1,
  pageSize = 20,
  enabled = true,
}: UseInvitationsOptions = {}) {
  const { client, store, organizationId } = useGuildhall();
  const load = useCallback(
    (signal: AbortSignal) =>
      client.listInvitations(
        organizationId ?? "",
        { page, pageSize, ...(status ? { status } : {}) },
        { signal },
      ),
    [client, organizationId, status, page, pageSize],
  );
  const key =
    organizationId === null || !enabled
      ? null
      : keys.invitations(organizationId, JSON.stringify([status ?? "", page, pageSize]));
  const state = useResource<Paginated<Invitation>>(key, load);

  const refresh = useCallback(
    (organization: string) =>
      store.invalidate((k) => k.startsWith(keys.prefix(organization, "invitations"))),
    [store],
  );
  const invite = useCallback(
    async (input: CreateInvitationInput): Promise<Invitation | undefined> => {
      if (organizationId === null) return undefined;
      const invitation = await client.createInvitation(organizationId, input);
      await refresh(organizationId);
      return invitation;
    },
    [client, organizationId, refresh],
  );
  const resend = useCallback(
    async (invitationId: string) => {
      if (organizationId === null) return;
      await client.resendInvitation(organizationId, invitationId);
      await refresh(organizationId);
    },
    [client, organizationId, refresh],
  );
  const revoke = useCallback(
    async (invitationId: string) => {
      if (organizationId === null) return;
      await client.revokeInvitation(organizationId, invitationId);
      await refresh(organizationId);
    },
    [client, organizationId, refresh],
  );

  return {
    invitations: state.data?.items,
    total: state.data?.total ?? 0,
    loading: state.loading,
    error: state.error,
    reload: state.reload,
    invite,
    resend,
    revoke,
  };
}
