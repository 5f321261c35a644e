/** Reserved scopes (DESIGN.md): they add organization claims to ID tokens and userinfo. */
export const ORGANIZATIONS_SCOPE = "urn:guildhall:scope:organizations";
export const ORGANIZATION_ROLES_SCOPE = "urn:guildhall:scope:organization_roles";

export const supportedScopes = ["openid", "offline_access", "profile", "email", ORGANIZATIONS_SCOPE, ORGANIZATION_ROLES_SCOPE];

export const claimsByScope = {
  openid: ["sub"],
  profile: ["name", "picture", "updated_at"],
  email: ["email", "email_verified"],
  [ORGANIZATIONS_SCOPE]: ["organizations"],
  [ORGANIZATION_ROLES_SCOPE]: ["organization_roles"],
};
