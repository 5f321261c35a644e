export * from "./create-organization-role.ts";
export * from "./list-organization-roles.ts";
export * from "./get-organization-role.ts";
export * from "./update-organization-role.ts";
export * from "./delete-organization-role.ts";
export * from "./role-permissions.ts";
export * from "./get-role-impact.ts";
export * from "./role-resource-scopes.ts";
