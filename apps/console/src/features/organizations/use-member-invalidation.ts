"use client";

import { useQueryClient, type Query } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/react";

function inputOf(query: Query): Record<string, unknown> | undefined {
  const meta = query.queryKey[1] as { input?: unknown } | undefined;
  return meta && typeof meta.input === "object" && meta.input !== null
    ? (meta.input as Record<string, unknown>)
    : undefined;
}

/**
 * What to refetch after a membership change in one organization: that organization's
 * member queries and counts, and the organizations listed on the affected users' pages.
 */
export function useMemberInvalidation(organizationId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return (userIds: string[], { membershipChanged }: { membershipChanged: boolean }) =>
    Promise.all([
      queryClient.invalidateQueries({
        queryKey: trpc.organization.member.pathKey(),
        predicate: (q) => inputOf(q)?.organizationId === organizationId,
      }),
      queryClient.invalidateQueries({
        queryKey: trpc.user.organizations.pathKey(),
        predicate: (q) => userIds.includes(String(inputOf(q)?.id)),
      }),
      // Role holders changed: impact previews on the template page count members.
      queryClient.invalidateQueries(trpc.organizationRole.impact.pathFilter()),
      queryClient.invalidateQueries(trpc.organizationPermission.impact.pathFilter()),
      ...(membershipChanged
        ? [
            queryClient.invalidateQueries(
              trpc.organization.get.queryFilter({ id: organizationId }),
            ),
            queryClient.invalidateQueries(trpc.organization.list.pathFilter()),
          ]
        : []),
    ]);
}
