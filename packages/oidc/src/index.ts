export { createOidcService, type OidcService, type OidcServiceOptions } from "./service.ts";
export { findUserAccessToken, type UserAccessToken } from "./access-tokens.ts";
export { ORGANIZATIONS_SCOPE, ORGANIZATION_ROLES_SCOPE } from "./scopes.ts";
