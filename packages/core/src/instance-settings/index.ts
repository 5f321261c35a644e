export * from "./instance-settings.ts";
