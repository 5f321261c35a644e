export * from "./applications.ts";
export { onApplicationChanged } from "./application-changes.ts";
export * from "./management-api-access.ts";
export * from "./management-api-access-check.ts";
export { verifyApplicationSecret } from "./secrets.ts";
export { isConfidential } from "./select.ts";
export * from "./create-management-api-application.ts";
