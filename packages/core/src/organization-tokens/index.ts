export * from "./resolve-organization-token-grant.ts";
export * from "./resolve-organization-resource-grant.ts";
