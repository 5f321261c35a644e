/**
 * Scope names that are part of Guildhall's protocol: the provider offers them, core and the
 * Management API check them, the console shows them. Defined once here, the package every
 * layer may import; docs/ and tests spell them out because they are the wire format.
 */

/** Reserved OIDC scope: ID tokens and userinfo carry the user's organization ids. */
export const ORGANIZATIONS_SCOPE = "urn:guildhall:scope:organizations";

/** Reserved OIDC scope: ID tokens and userinfo carry the user's roles per organization. */
export const ORGANIZATION_ROLES_SCOPE = "urn:guildhall:scope:organization_roles";

/** The Management API's one scope: full access, as Logto's `all`. */
export const MANAGEMENT_API_SCOPE = "all";
