export * from "./trpc/index.ts";
