export { createOidcService, type OidcService, type OidcServiceOptions } from "./service.ts";
export { ORGANIZATIONS_SCOPE, ORGANIZATION_ROLES_SCOPE } from "./scopes.ts";
