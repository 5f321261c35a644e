export * from "./organization-applications.ts";
export * from "./organization-application-roles.ts";
