"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/react";

/** The user's confirmed factors, and a way to refresh them after a change. */
export function useMfaFactors() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useQuery(trpc.account.mfa.list.queryOptions());
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.account.mfa.list.queryKey() });
  return { query, refresh };
}
