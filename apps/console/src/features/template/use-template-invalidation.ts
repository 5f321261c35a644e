"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/react";

/**
 * What to refetch after a template change. Role and permission names show in role lists,
 * impact previews, member lists, members' effective permissions and users' organizations.
 */
export function useTemplateInvalidation() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const dependents = () => [
    queryClient.invalidateQueries(trpc.organization.member.pathFilter()),
    queryClient.invalidateQueries(trpc.user.organizations.pathFilter()),
  ];
  return {
    /** A role was edited, had its permissions changed, or was deleted. */
    roleChanged: () =>
      Promise.all([
        queryClient.invalidateQueries(trpc.organizationRole.pathFilter()),
        queryClient.invalidateQueries(trpc.organizationPermission.impact.pathFilter()),
        ...dependents(),
      ]),
    /** A permission was renamed or deleted. */
    permissionChanged: () =>
      Promise.all([
        queryClient.invalidateQueries(trpc.organizationPermission.pathFilter()),
        queryClient.invalidateQueries(trpc.organizationRole.pathFilter()),
        ...dependents(),
      ]),
  };
}
