export { startSsoSignIn, oidcRedirectUri, type SsoStart } from "./start-sso-sign-in.ts";
export { finishOidcSsoSignIn } from "./finish-oidc-sso-sign-in.ts";
export { finishSamlSsoSignIn } from "./finish-saml-sso-sign-in.ts";
export type { SsoFinish } from "./finish-sso-sign-in.ts";
export { samlServiceProviderMetadata } from "./sp-metadata.ts";
export { samlServiceProvider } from "./saml-sp.ts";
export { ssoSignInRequirement } from "./sso-requirement.ts";
export { deleteExpiredSsoStates, SSO_STATE_TTL_MS } from "./sign-in-state.ts";
