import { ORGANIZATION_ROLES_SCOPE, ORGANIZATIONS_SCOPE } from "@guildhall/validators";

// Reserved scopes (defined with the other scope names in validators): they add organization
// claims to ID tokens and userinfo.
export { ORGANIZATION_ROLES_SCOPE, ORGANIZATIONS_SCOPE };

export const supportedScopes = [
  "openid",
  "offline_access",
  "profile",
  "email",
  "phone",
  ORGANIZATIONS_SCOPE,
  ORGANIZATION_ROLES_SCOPE,
];

export const claimsByScope = {
  // `amr` says how the user signed in (pwd, otp, hwk, mfa), as recorded on the console
  // session. The provider only puts standalone claims in ID tokens when a `claims` request
  // parameter asks for them, so it rides on `openid`, which every sign-in has.
  openid: ["sub", "amr"],
  // `username` rides on `profile`, as in Logto.
  profile: ["name", "picture", "updated_at", "username"],
  email: ["email", "email_verified"],
  phone: ["phone_number", "phone_number_verified"],
  [ORGANIZATIONS_SCOPE]: ["organizations"],
  [ORGANIZATION_ROLES_SCOPE]: ["organization_roles"],
};
