// oidc-provider ships no types for its internal modules; these are the parts we wrap.
declare module "oidc-provider/lib/actions/grants/refresh_token.js" {
  export const handler: unknown;
  export const parameters: Set<string>;
}
declare module "oidc-provider/lib/actions/grants/client_credentials.js" {
  export const handler: unknown;
  export const parameters: Set<string>;
}
declare module "oidc-provider/lib/helpers/grants.js" {
  const helpers: Record<string, unknown>;
  export = helpers;
}
declare module "oidc-provider/lib/helpers/revoke.js" {
  const revoke: (ctx: unknown, grantId: string) => Promise<void>;
  export default revoke;
}
