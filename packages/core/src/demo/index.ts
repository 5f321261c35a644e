export * from "./seed-demo-data.ts";
