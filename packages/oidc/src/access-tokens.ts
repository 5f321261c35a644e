import type { Provider } from "oidc-provider";

/** A user's access token the provider issued, as the organization API needs it. */
export interface UserAccessToken {
  userId: string;
  clientId: string;
  scopes: string[];
}

/**
 * Looks up an opaque access token through the provider's own model (so its expiry, format
 * and consumption rules apply) and checks that its grant still exists: ending the user's
 * sign-in or revoking the grant ends the token. Tokens for an API (JWTs) and client
 * credentials are not user access tokens.
 */
export async function findUserAccessToken(
  provider: Provider,
  token: string,
): Promise<UserAccessToken | undefined> {
  const accessToken = await provider.AccessToken.find(token).catch(() => undefined);
  if (!accessToken?.accountId || !accessToken.grantId || accessToken.isExpired) return undefined;
  const grant = await provider.Grant.find(accessToken.grantId).catch(() => undefined);
  if (!grant || grant.accountId !== accessToken.accountId) return undefined;
  return {
    userId: accessToken.accountId,
    clientId: accessToken.clientId ?? "",
    scopes: (accessToken.scope ?? "").split(" ").filter(Boolean),
  };
}
