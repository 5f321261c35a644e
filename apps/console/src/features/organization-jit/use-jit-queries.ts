"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/react";

// An organization has a handful of each: one page holds them all, and the explanation needs all.
const ALL = { page: 1, pageSize: 100 } as const;

/** The three JIT lists of an organization, and one refresh for after any change. */
export function useJitQueries(organizationId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const input = { organizationId, ...ALL };
  const domains = useQuery({
    ...trpc.organization.jit.emailDomain.list.queryOptions(input),
    // RelationPanel keys rows by id: a domain is its own id.
    select: (data) => ({
      ...data,
      items: data.items.map((d) => ({ ...d, id: d.emailDomain })),
    }),
  });
  const roles = useQuery(trpc.organization.jit.role.list.queryOptions(input));
  const connectors = useQuery(trpc.organization.jit.ssoConnector.list.queryOptions(input));
  const refresh = () => queryClient.invalidateQueries(trpc.organization.jit.pathFilter());
  return { domains, roles, connectors, refresh };
}

export type JitQueries = ReturnType<typeof useJitQueries>;
