export * from "./instance-settings.ts";
export * from "./organization-creation.ts";
