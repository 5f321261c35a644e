"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/react";

/** The template's roles for members, each saying whether the caller may give or take it away. */
export function useAssignableRoles(organizationId: string, enabled = true) {
  const trpc = useTRPC();
  return useQuery({ ...trpc.portal.roles.queryOptions({ organizationId }), enabled });
}
