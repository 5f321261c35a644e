/**
 * What the generic relation panel and assign dialog need of a caller's `useMutation` result.
 * The caller keeps the typed tRPC mutation; the component runs it and reacts to that one
 * call (toast, close, refresh), so one component serves every relation.
 */
export interface RunnableMutation<V, D = unknown> {
  mutate: (
    variables: V,
    callbacks: { onSuccess: (data: D) => void; onError: (error: unknown) => void },
  ) => void;
  isPending: boolean;
}
