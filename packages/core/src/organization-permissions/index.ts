export * from "./create-organization-permission.ts";
export * from "./list-organization-permissions.ts";
export * from "./get-organization-permission.ts";
export * from "./update-organization-permission.ts";
export * from "./delete-organization-permission.ts";
export * from "./get-permission-impact.ts";
