export * from "./errors.ts";
export * from "./context.ts";
export * from "./organization-permissions/index.ts";
export * from "./organization-roles/index.ts";
export * from "./organizations/index.ts";
