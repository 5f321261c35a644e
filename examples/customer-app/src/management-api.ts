import * as client from "openid-client";

export interface ManagementApiOptions {
  /** Guildhall's issuer (`$BASE_URL/oidc`): its token endpoint is found by discovery. */
  issuer: string;
  /** A machine-to-machine application with Management API access (e.g. the bootstrap one). */
  clientId: string;
  clientSecret: string;
  /** The Management API's resource indicator, `$BASE_URL/api`: the token's audience. */
  resource: string;
  /** Where the Management API answers; the resource indicator unless given. */
  url?: string;
}

/** What removing a membership came to. */
export type RemovalOutcome =
  | { kind: "removed" }
  /** Guildhall has no such membership (or organization): nothing was removed. */
  | { kind: "not_found"; message: string }
  /** Guildhall refused or failed: nothing is known to be removed. */
  | { kind: "failed"; status: number; message: string };

/** A member as the dashboard lists them. */
export interface MemberSummary {
  id: string;
  name: string | null;
  email: string | null;
  roles: string[];
}

/** The part of the Management API the members route uses (a fake stands in for it in tests). */
export interface MemberDirectory {
  removeMember(organizationId: string, userId: string): Promise<RemovalOutcome>;
}

/** The Management API client: removing and listing members, and its token for the event stream. */
export interface ManagementApiClient extends MemberDirectory {
  /** The first `pageSize` members of an organization, in the order they joined. */
  listMembers(organizationId: string, pageSize?: number): Promise<MemberSummary[]>;
  /** An organization's name (the ID token names organizations by id only). */
  organizationName(organizationId: string): Promise<string>;
  /** A `client_credentials` token for the Management API; `renew` skips the cached one. */
  accessToken(renew?: boolean): Promise<string>;
}

/** How early a cached token is replaced before it expires. */
const EXPIRY_MARGIN_MS = 30_000;

/**
 * A client of Guildhall's Management API as a machine-to-machine application: a
 * `client_credentials` token for the Management API resource (cached until shortly before it
 * expires), then REST calls with it. Discovery runs on first use, as for the sign-in client.
 *
 * @example
 * const directory = createManagementApiClient({ issuer, clientId, clientSecret, resource });
 * await directory.removeMember(organizationId, userId); // DELETE /api/organizations/{id}/users/{userId}
 */
export function createManagementApiClient(options: ManagementApiOptions): ManagementApiClient {
  const apiUrl = (options.url ?? options.resource).replace(/\/+$/, "");
  let discovered: Promise<client.Configuration> | undefined;
  let cached: { token: string; expiresAt: number } | undefined;

  function configuration(): Promise<client.Configuration> {
    discovered ??= client
      .discovery(
        new URL(options.issuer),
        options.clientId,
        undefined,
        client.ClientSecretBasic(options.clientSecret),
        // http:// is for local development only.
        new URL(options.issuer).protocol === "http:"
          ? { execute: [client.allowInsecureRequests] }
          : undefined,
      )
      .catch((error: unknown) => {
        discovered = undefined;
        throw error;
      });
    return discovered;
  }

  async function accessToken(renew = false): Promise<string> {
    if (!renew && cached && cached.expiresAt - EXPIRY_MARGIN_MS > Date.now()) return cached.token;
    const response = await client.clientCredentialsGrant(await configuration(), {
      resource: options.resource,
      scope: "all",
    });
    cached = {
      token: response.access_token,
      expiresAt: Date.now() + (response.expires_in ?? 60) * 1000,
    };
    return cached.token;
  }

  async function call(method: string, path: string): Promise<Response> {
    const send = async () =>
      fetch(`${apiUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${await accessToken()}` },
      });
    const response = await send();
    if (response.status !== 401) return response;
    // The token ended early (the application's access was changed): one fresh try.
    cached = undefined;
    return send();
  }

  return {
    accessToken,

    async organizationName(organizationId) {
      const response = await call("GET", `/organizations/${encodeURIComponent(organizationId)}`);
      if (!response.ok)
        throw new Error(`Guildhall answered ${response.status} reading the organization`);
      return ((await response.json()) as { name: string }).name;
    },

    async listMembers(organizationId, pageSize = 20) {
      const response = await call(
        "GET",
        `/organizations/${encodeURIComponent(organizationId)}/users?page=1&page_size=${pageSize}`,
      );
      if (!response.ok)
        throw new Error(`Guildhall answered ${response.status} listing the members`);
      const users = (await response.json()) as {
        id: string;
        name: string | null;
        primaryEmail: string | null;
        organizationRoles: { name: string }[];
      }[];
      return users.map((u) => ({
        id: u.id,
        name: u.name,
        email: u.primaryEmail,
        roles: u.organizationRoles.map((r) => r.name).sort(),
      }));
    },

    async removeMember(organizationId, userId) {
      const response = await call(
        "DELETE",
        `/organizations/${encodeURIComponent(organizationId)}/users/${encodeURIComponent(userId)}`,
      );
      if (response.ok) return { kind: "removed" };
      const body = (await response.json().catch(() => ({}))) as { message?: unknown };
      const message =
        typeof body.message === "string" && body.message !== ""
          ? body.message
          : response.statusText;
      return response.status === 404
        ? { kind: "not_found", message }
        : { kind: "failed", status: response.status, message };
    },
  };
}
