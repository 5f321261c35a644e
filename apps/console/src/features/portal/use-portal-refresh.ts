"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { useTRPC } from "@/trpc/react";

/**
 * Re-reads everything the portal shows after a change: a role change or a removal can change
 * the member list, the caller's own permissions (which sections show) and the audit log at once.
 */
export function usePortalRefresh(): () => Promise<void> {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback(
    () => queryClient.invalidateQueries({ queryKey: trpc.portal.pathKey() }),
    [queryClient, trpc],
  );
}
