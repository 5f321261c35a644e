export * from "./resolve-organization-token-grant.ts";
