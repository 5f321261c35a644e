import * as client from "openid-client";

export const ORGANIZATIONS_SCOPE = "urn:guildhall:scope:organizations";
export const ORGANIZATION_ROLES_SCOPE = "urn:guildhall:scope:organization_roles";

/** `offline_access` gives the refresh token that organization tokens are requested with. */
export const SIGN_IN_SCOPES = [
  "openid",
  "profile",
  "email",
  "offline_access",
  ORGANIZATIONS_SCOPE,
  ORGANIZATION_ROLES_SCOPE,
].join(" ");

export interface GuildhallClientOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

export interface OAuthError {
  error: string;
  description?: string;
  status?: number;
}

export interface OrganizationTokenResponse {
  accessToken: string;
  /** Granted permissions, space-separated (may be empty). */
  scope: string;
  expiresIn?: number;
}

/**
 * openid-client configured for Guildhall as a confidential ("Traditional") client. Discovery
 * runs on first use and is retried after a failure, so the app can start before Guildhall.
 */
export function createGuildhallClient({ issuer, clientId, clientSecret }: GuildhallClientOptions) {
  let discovered: Promise<client.Configuration> | undefined;

  function configuration(): Promise<client.Configuration> {
    discovered ??= client
      .discovery(
        new URL(issuer),
        clientId,
        undefined,
        client.ClientSecretBasic(clientSecret),
        // http:// is for local development only.
        new URL(issuer).protocol === "http:"
          ? { execute: [client.allowInsecureRequests] }
          : undefined,
      )
      .catch((error: unknown) => {
        discovered = undefined;
        throw error;
      });
    return discovered;
  }

  return {
    configuration,

    /**
     * An organization token: the refresh token grant with `organization_id` (and, to narrow it,
     * `scope`: permission names). Guildhall answers 403 `access_denied` when the user is not a
     * member or does not hold a requested permission.
     */
    async organizationToken(
      refreshToken: string,
      organizationId: string,
      scope?: string,
    ): Promise<OrganizationTokenResponse> {
      const params: Record<string, string> = { organization_id: organizationId };
      if (scope) params.scope = scope;
      const response = await client.refreshTokenGrant(await configuration(), refreshToken, params);
      return {
        accessToken: response.access_token,
        scope: response.scope ?? "",
        ...(response.expires_in === undefined ? {} : { expiresIn: response.expires_in }),
      };
    },
  };
}

export type GuildhallClient = ReturnType<typeof createGuildhallClient>;

/** The OAuth error in a failed openid-client call (token endpoint or authorization response). */
export function oauthErrorOf(error: unknown): OAuthError | undefined {
  if (error instanceof client.ResponseBodyError) {
    return {
      error: error.error,
      status: error.status,
      ...(error.error_description ? { description: error.error_description } : {}),
    };
  }
  if (error instanceof client.AuthorizationResponseError) {
    return {
      error: error.error,
      ...(error.error_description ? { description: error.error_description } : {}),
    };
  }
  return undefined;
}
