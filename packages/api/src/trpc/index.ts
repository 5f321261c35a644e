export { appRouter, type AppRouter } from "./root.ts";
export {
  createTrpcContext,
  createCallerFactory,
  toTrpcError,
  trpcResponseMeta,
  type TrpcContext,
  type ConsoleSession,
} from "./trpc.ts";
export { assertSafeTrpcRequest, MAX_TRPC_BODY_BYTES } from "./input-guard.ts";
