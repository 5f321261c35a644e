"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/react";

/** Saves organization fields; the detail query takes the result, lists refetch. */
export function useUpdateOrganization(organizationId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const getKey = trpc.organization.get.queryKey({ id: organizationId });
  return useMutation(
    trpc.organization.update.mutationOptions({
      onSuccess: async (updated) => {
        queryClient.setQueryData(getKey, (old) => (old ? { ...old, ...updated } : old));
        await queryClient.invalidateQueries(trpc.organization.list.pathFilter());
      },
    }),
  );
}
