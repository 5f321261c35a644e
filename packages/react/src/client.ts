// The HTTP layer: every call to Guildhall's organization API (`/api/my`) and how its JSON is
// read. Fields are read defensively (Logto's names first, Guildhall's own as fallbacks), so
// the components keep working if a response grows or a field is renamed.
import { createTokenCache, type TokenCache } from "./token-cache.ts";
import type {
  AssignableRole,
  CreateInvitationInput,
  CreateOrganizationInput,
  Invitation,
  ListInvitationsQuery,
  ListMembersQuery,
  MyOrganization,
  Organization,
  OrganizationBranding,
  OrganizationColor,
  OrganizationMember,
  Paginated,
  RoleRef,
  UpdateOrganizationInput,
} from "./types.ts";

export type * from "./types.ts";

/**
 * A refused or failed call. `status` is the HTTP status (0 when no answer came: network
 * failure, or the app's token getter failed), `code` Guildhall's error code (e.g.
 * `auth.forbidden`, `member.role_not_grantable`, `organization.creation_not_allowed`),
 * `message` what Guildhall said, written for the user.
 *
 * @example
 * try {
 *   await client.removeMember(organizationId, userId);
 * } catch (error) {
 *   if (error instanceof GuildhallApiError && error.code === "organization.last_admin") warn(error.message);
 *   else throw error;
 * }
 */
export class GuildhallApiError extends Error {
  override readonly name = "GuildhallApiError";
  readonly status: number;
  readonly code: string;
  readonly data: unknown;

  constructor(
    status: number,
    code: string,
    message: string,
    options: { data?: unknown; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = status;
    this.code = code;
    this.data = options.data;
  }
}

export function isGuildhallApiError(error: unknown): error is GuildhallApiError {
  return error instanceof GuildhallApiError;
}

export interface GuildhallClientOptions {
  /** Guildhall's base URL, e.g. `https://auth.example.com` (the issuer without `/oidc`). */
  baseUrl: string;
  /** An organization token for this organization (refresh token grant with `organization_id`). */
  getOrganizationToken: (organizationId: string) => Promise<string>;
  /** The user's OIDC access token (signed in with `urn:guildhall:scope:organizations`). */
  getAccessToken: () => Promise<string>;
  /** Default: the global `fetch`. */
  fetch?: typeof fetch;
}

export interface RequestOptions {
  signal?: AbortSignal;
}

/**
 * A typed client for Guildhall's organization API. It asks for tokens through the getters
 * (each cached until shortly before it expires, and asked for again once if Guildhall answers
 * 401) and throws {@link GuildhallApiError} for every refusal.
 *
 * @example
 * const guildhall = createGuildhallClient({
 *   baseUrl: "https://auth.example.com",
 *   getAccessToken: () => fetch("/session/access-token").then((r) => r.json()).then((b) => b.access_token),
 *   getOrganizationToken: (id) =>
 *     fetch(`/session/organization-token?organization_id=${id}`).then((r) => r.json()).then((b) => b.access_token),
 * });
 * const organizations = await guildhall.listMyOrganizations();
 */
export function createGuildhallClient(options: GuildhallClientOptions) {
  const base = options.baseUrl.replace(/\/+$/, "");
  const doFetch: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const userToken = createTokenCache(options.getAccessToken);
  const organizationTokens = new Map<string, TokenCache>();

  function tokenCacheFor(organizationId: string | null): TokenCache {
    if (organizationId === null) return userToken;
    let cache = organizationTokens.get(organizationId);
    if (!cache) {
      cache = createTokenCache(() => options.getOrganizationToken(organizationId));
      organizationTokens.set(organizationId, cache);
    }
    return cache;
  }

  async function tokenFrom(cache: TokenCache): Promise<string> {
    try {
      return await cache.get();
    } catch (error) {
      if (error instanceof GuildhallApiError) throw error;
      throw new GuildhallApiError(
        0,
        "token_unavailable",
        error instanceof Error && error.message
          ? error.message
          : "Could not get a token to call Guildhall. Sign in again.",
        { cause: error },
      );
    }
  }

  /**
   * One call: `organizationId` null for the user routes (access token), otherwise the
   * organization token for it. A 401 is retried once with a new token.
   */
  async function call(
    organizationId: string | null,
    method: string,
    path: string,
    init: { query?: Record<string, string | number | undefined>; body?: unknown } & RequestOptions,
  ): Promise<Response> {
    const url = new URL(`${base}/api/my${path}`);
    for (const [key, value] of Object.entries(init.query ?? {}))
      if (value !== undefined && value !== "") url.searchParams.set(key, String(value));
    const cache = tokenCacheFor(organizationId);
    for (let attempt = 0; ; attempt++) {
      const token = await tokenFrom(cache);
      const headers: Record<string, string> = {
        accept: "application/json",
        authorization: `Bearer ${token}`,
      };
      if (init.body !== undefined) headers["content-type"] = "application/json";
      let response: Response;
      try {
        response = await doFetch(url, {
          method,
          headers,
          ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
          ...(init.signal ? { signal: init.signal } : {}),
        });
      } catch (error) {
        if (init.signal?.aborted) throw error;
        throw new GuildhallApiError(
          0,
          "network_error",
          `Could not reach Guildhall at ${url.origin}. Check your connection and try again.`,
          { cause: error },
        );
      }
      if (response.ok) return response;
      if (response.status === 401 && attempt === 0) {
        cache.invalidate(token);
        continue;
      }
      throw await errorOf(response);
    }
  }

  async function json(response: Response): Promise<unknown> {
    if (response.status === 204) return undefined;
    try {
      return (await response.json()) as unknown;
    } catch (error) {
      throw new GuildhallApiError(
        response.status,
        "invalid_response",
        "Guildhall sent an answer that is not JSON.",
        { cause: error },
      );
    }
  }

  async function page<T>(response: Response, read: (value: unknown) => T): Promise<Paginated<T>> {
    const items = arrayOf(await json(response)).map(read);
    const header = Number(response.headers.get("total-number"));
    return { items, total: Number.isFinite(header) && header > 0 ? header : items.length };
  }

  const org = (organizationId: string) => `/organizations/${encodeURIComponent(organizationId)}`;

  return {
    /** `GET /api/my/organizations`: the user's organizations with roles and permissions. */
    async listMyOrganizations(request: RequestOptions = {}): Promise<MyOrganization[]> {
      const response = await call(null, "GET", "/organizations", request);
      return arrayOf(await json(response)).map(readMyOrganization);
    },

    /** `POST /api/my/organizations`: creates an organization; the user joins it as its creator. */
    async createOrganization(input: CreateOrganizationInput): Promise<Organization> {
      const body: Record<string, unknown> = { name: input.name };
      if (input.description) body.description = input.description;
      const response = await call(null, "POST", "/organizations", { body });
      return readOrganization(await json(response));
    },

    /** `GET /api/my/organizations/{id}`. */
    async getOrganization(
      organizationId: string,
      request: RequestOptions = {},
    ): Promise<Organization> {
      const response = await call(organizationId, "GET", org(organizationId), request);
      return readOrganization(await json(response));
    },

    /** `PATCH /api/my/organizations/{id}` (`guildhall:organization:update`). */
    async updateOrganization(
      organizationId: string,
      input: UpdateOrganizationInput,
    ): Promise<Organization> {
      const response = await call(organizationId, "PATCH", org(organizationId), { body: input });
      return readOrganization(await json(response));
    },

    /** `DELETE /api/my/organizations/{id}/membership`: the user leaves the organization. */
    async leaveOrganization(organizationId: string): Promise<void> {
      await call(organizationId, "DELETE", `${org(organizationId)}/membership`, {});
    },

    /** `GET …/roles`: the template's roles, with whether the user may grant each. */
    async listRoles(
      organizationId: string,
      request: RequestOptions = {},
    ): Promise<AssignableRole[]> {
      const response = await call(organizationId, "GET", `${org(organizationId)}/roles`, request);
      return arrayOf(await json(response)).map(readAssignableRole);
    },

    /** `GET …/users` (`guildhall:members:read`): one page of members, searched with `q`. */
    async listMembers(
      organizationId: string,
      query: ListMembersQuery = {},
      request: RequestOptions = {},
    ): Promise<Paginated<OrganizationMember>> {
      const response = await call(organizationId, "GET", `${org(organizationId)}/users`, {
        ...request,
        query: { q: query.q?.trim(), page: query.page ?? 1, page_size: query.pageSize ?? 20 },
      });
      return page(response, readMember);
    },

    /** `PUT …/users/{userId}/roles` (`guildhall:members:roles`): the member's roles become exactly these. */
    async replaceMemberRoles(
      organizationId: string,
      userId: string,
      roleIds: string[],
    ): Promise<void> {
      await call(
        organizationId,
        "PUT",
        `${org(organizationId)}/users/${encodeURIComponent(userId)}/roles`,
        { body: { organizationRoleIds: roleIds } },
      );
    },

    /** `DELETE …/users/{userId}` (`guildhall:members:remove`). */
    async removeMember(organizationId: string, userId: string): Promise<void> {
      await call(
        organizationId,
        "DELETE",
        `${org(organizationId)}/users/${encodeURIComponent(userId)}`,
        {},
      );
    },

    /** `GET …/invitations` (`guildhall:invitations:manage`): newest first. */
    async listInvitations(
      organizationId: string,
      query: ListInvitationsQuery = {},
      request: RequestOptions = {},
    ): Promise<Paginated<Invitation>> {
      const response = await call(organizationId, "GET", `${org(organizationId)}/invitations`, {
        ...request,
        query: { status: query.status, page: query.page ?? 1, page_size: query.pageSize ?? 20 },
      });
      return page(response, readInvitation);
    },

    /** `POST …/invitations` (`guildhall:members:invite`): Guildhall emails the link. */
    async createInvitation(
      organizationId: string,
      input: CreateInvitationInput,
    ): Promise<Invitation> {
      const body: Record<string, unknown> = {
        invitee: input.email.trim(),
        organizationRoleIds: input.roleIds,
      };
      if (input.expiresAt !== undefined) body.expiresAt = input.expiresAt;
      const response = await call(organizationId, "POST", `${org(organizationId)}/invitations`, {
        body,
      });
      return readInvitation(await json(response));
    },

    /** `POST …/invitations/{id}/resend` (`guildhall:members:invite`): a new link; the old one stops working. */
    async resendInvitation(organizationId: string, invitationId: string): Promise<void> {
      await call(
        organizationId,
        "POST",
        `${org(organizationId)}/invitations/${encodeURIComponent(invitationId)}/resend`,
        {},
      );
    },

    /** `POST …/invitations/{id}/revoke` (`guildhall:invitations:manage`). */
    async revokeInvitation(organizationId: string, invitationId: string): Promise<void> {
      await call(
        organizationId,
        "POST",
        `${org(organizationId)}/invitations/${encodeURIComponent(invitationId)}/revoke`,
        {},
      );
    },
  };
}

export type GuildhallClient = ReturnType<typeof createGuildhallClient>;

/** Guildhall's error body `{ code, message, data? }`; OAuth-style bodies are read too. */
async function errorOf(response: Response): Promise<GuildhallApiError> {
  const body = record(await response.json().catch(() => undefined));
  const code = text(body.code) ?? text(body.error) ?? `http_${response.status}`;
  const message =
    text(body.message) ?? text(body.error_description) ?? fallbackMessage(response.status);
  return new GuildhallApiError(response.status, code, message, { data: body.data });
}

function fallbackMessage(status: number): string {
  if (status === 401) return "Your session has ended. Sign in again.";
  if (status === 403) return "You are not allowed to do this in this organization.";
  if (status === 404) return "Not found: it may have been removed meanwhile.";
  if (status === 429) return "Too many requests. Wait a moment and try again.";
  if (status >= 500) return "Guildhall could not complete this request. Try again in a moment.";
  return `Guildhall refused the request (HTTP ${status}).`;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function arrayOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  // A paged envelope, should a list ever come as one.
  const items = record(value).items ?? record(value).data;
  return Array.isArray(items) ? items : [];
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function nullableText(...values: unknown[]): string | null {
  for (const value of values) if (typeof value === "string") return value;
  return null;
}

function time(value: unknown): number | null {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string") {
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? null : parsed;
  }
  return null;
}

function readRoleRefs(value: unknown): RoleRef[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item): RoleRef[] => {
    const role = record(item);
    const id = text(role.id);
    return id ? [{ id, name: text(role.name) ?? id }] : [];
  });
}

/** Permission names, whether sent as strings or as `{ name }` objects (Logto's scopes). */
function readPermissionNames(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    const name = typeof item === "string" ? item : text(record(item).name);
    return name ? [name] : [];
  });
}

function readBranding(value: unknown): OrganizationBranding {
  const b = record(value);
  const branding: OrganizationBranding = {};
  for (const key of ["logoUrl", "darkLogoUrl", "favicon", "darkFavicon"] as const) {
    const url = text(b[key]);
    if (url) branding[key] = url;
  }
  return branding;
}

function readColor(value: unknown): OrganizationColor {
  const c = record(value);
  const color: OrganizationColor = {};
  const primary = text(c.primaryColor);
  const dark = text(c.darkPrimaryColor);
  if (primary) color.primaryColor = primary;
  if (dark) color.darkPrimaryColor = dark;
  if (typeof c.isDarkModeEnabled === "boolean") color.isDarkModeEnabled = c.isDarkModeEnabled;
  return color;
}

function readMyOrganization(value: unknown): MyOrganization {
  const o = record(value);
  return {
    id: text(o.id) ?? "",
    name: text(o.name) ?? text(o.id) ?? "",
    description: nullableText(o.description),
    branding: readBranding(o.branding),
    color: readColor(o.color),
    roles: readRoleRefs(o.roles ?? o.organizationRoles),
    permissions: readPermissionNames(o.permissions ?? o.scopes),
  };
}

function readOrganization(value: unknown): Organization {
  const o = record(value);
  return {
    id: text(o.id) ?? "",
    name: text(o.name) ?? text(o.id) ?? "",
    description: nullableText(o.description),
    branding: readBranding(o.branding),
    color: readColor(o.color),
    customCss: nullableText(o.customCss),
    createdAt: time(o.createdAt),
  };
}

function readMember(value: unknown): OrganizationMember {
  const u = record(value);
  return {
    id: text(u.id) ?? "",
    username: nullableText(u.username),
    primaryEmail: nullableText(u.primaryEmail, u.email),
    name: nullableText(u.name),
    avatar: nullableText(u.avatar, u.avatarUrl),
    organizationRoles: readRoleRefs(u.organizationRoles ?? u.roles),
  };
}

function readAssignableRole(value: unknown): AssignableRole {
  const r = record(value);
  return {
    id: text(r.id) ?? "",
    name: text(r.name) ?? text(r.id) ?? "",
    description: nullableText(r.description),
    permissions: readPermissionNames(r.permissions ?? r.scopes),
    // Unknown means no: the server refuses a grant it does not allow anyway.
    grantable: r.grantable === true,
  };
}

const INVITATION_STATUSES: readonly string[] = ["Pending", "Accepted", "Expired", "Revoked"];

function readInvitation(value: unknown): Invitation {
  const i = record(value);
  const status = text(i.status) ?? "";
  return {
    id: text(i.id) ?? "",
    invitee: text(i.invitee) ?? text(i.email) ?? "",
    // A status this version does not know offers no action (resend and revoke need Pending).
    status: (INVITATION_STATUSES.includes(status) ? status : "Unknown") as Invitation["status"],
    organizationRoles: readRoleRefs(i.organizationRoles ?? i.roles),
    expiresAt: time(i.expiresAt),
    createdAt: time(i.createdAt),
  };
}
