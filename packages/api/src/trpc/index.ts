export { appRouter, type AppRouter } from "./root.ts";
export { createTrpcContext, createCallerFactory, type TrpcContext, type ConsoleSession } from "./trpc.ts";
