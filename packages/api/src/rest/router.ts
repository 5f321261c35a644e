import type { ServiceContext } from "@guildhall/core";
import type { z } from "zod";
import type { ErrorOverrides, LogtoErrorSpec } from "./errors.ts";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export const HTTP_METHODS: readonly HttpMethod[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** Tags group operations in the OpenAPI document and the reference page. */
export const TAGS = {
  Organizations:
    "Organizations: workspaces of your customers, their members and the members' roles.",
  "Organization roles":
    "The roles of the organization template: the same roles in every organization.",
  "Organization scopes":
    "The permissions of the organization template (Logto calls them organization scopes).",
  Users: "The user pool: one identity per email, member of any number of organizations.",
  Applications: "OIDC clients: SPA, Traditional web, Native and Machine-to-machine applications.",
  "Organization invitations":
    "Invitations by email into an organization, with the roles the invitee gets on accepting.",
  "API resources":
    "Your APIs (resource indicators) and their permissions (scopes), granted through global roles.",
  Roles:
    "Global roles: tenant-wide sets of API resource scopes, held by users (User roles) or machine-to-machine applications. Distinct from organization roles.",
  "Sign-in experience":
    "Who may register, the password policy and MFA: the settings of the hosted sign-in pages.",
  "SSO connectors":
    "Enterprise single sign-on: OIDC and SAML identity providers, and the email domains that sign in through them.",
  "SSO connector providers": "The kinds of SSO connector that can be created (OIDC, SAML).",
  Hooks:
    "Webhooks: events POSTed to your endpoint, signed (Logto's `logto-signature-sha-256` and Standard Webhooks), in order per webhook, retried with backoff.",
  "Audit logs":
    "Who changed what, and when: every change made through the console, this API or the system, with its data.",
  Configs: "Instance settings: how long audit entries and events are kept.",
  "Organization API":
    "For people, not machines: an organization's members manage it with an organization token (its `scope` and their roles must hold the route's built-in permission), and users list and create their own organizations with their access token. No Management API credential involved. CORS is open.",
  "API reference": "This document.",
} as const;
export type Tag = keyof typeof TAGS;

/** A 1-based page of `pageSize` entries. */
export interface Page {
  page: number;
  pageSize: number;
}

/** What a list handler returns: one page of entries and the total across pages. */
export interface ListResult<T> {
  items: T[];
  total: number;
  /**
   * Lists that can also be paged by keyset (members): the cursor of the next page, sent as
   * `Next-Cursor`; with `cursor` in the request, `Link` points to it instead of page numbers.
   */
  nextCursor?: string | null;
}

/**
 * A page of a cursor list: `cursor` (in the route's query) and `page_size`, or, when `page`
 * is given, Logto's numbered pages (`page` is then set).
 */
export interface CursorPage {
  page: number | null;
  pageSize: number;
}

/** What a cursor list handler returns: the entries, the next page's cursor, and with `page` the total. */
export interface CursorListResult<T> {
  items: T[];
  nextCursor: string | null;
  total?: number | undefined;
}

type Schema = z.ZodType | undefined;
type Out<S extends Schema> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteInput<P extends Schema, Q extends Schema, B extends Schema> {
  /** The service context: the database and the calling machine-to-machine client. */
  ctx: ServiceContext;
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
  /** Public origin, e.g. `https://id.example.com` (links in emails). */
  baseUrl: string;
  /** Called after a handler queued an email (the outbox worker's `kick()`). */
  onEmailQueued?: () => void;
  /** The instance secret: invitation emails are sealed with it in the outbox. */
  instanceSecret?: string | undefined;
  /** WEBHOOK_ALLOWED_HOSTS (webhook test sends). */
  webhookAllowedHosts?: readonly string[];
}

interface RouteBase<P extends Schema, Q extends Schema, B extends Schema> {
  method: HttpMethod;
  /** OpenAPI-style path, e.g. `/api/organizations/{id}/users`. */
  path: `/api/${string}`;
  /** Logto's operation id where Logto has the operation (e.g. `ListOrganizations`). */
  operationId: string;
  tag: Tag;
  summary: string;
  description?: string;
  params?: P;
  query?: Q;
  body?: B;
  /** Error responses this route can give beyond 400 (input), 401/403 (auth) and 429. */
  errors?: readonly LogtoErrorSpec[];
  /** Where Logto answers a domain error differently on this route than the common table says. */
  overrides?: ErrorOverrides;
  /** No token needed (only the OpenAPI document). */
  public?: boolean;
  /**
   * Who calls it: the Management API (default); `organization`, a member with an
   * organization token for the path's `{organizationId}`; `user`, a user with their access
   * token (the organization API, `/api/my`).
   */
  auth?: "management" | "organization" | "user";
}

/** A route with its types erased: what the router, the OpenAPI builder and tests see. */
export interface AnyRoute extends RouteBase<
  z.ZodType | undefined,
  z.ZodType | undefined,
  z.ZodType | undefined
> {
  kind: "json" | "list" | "empty";
  status: 200 | 201 | 204;
  /** The response body, or for lists the schema of one entry. */
  response?: z.ZodType;
  /**
   * Lists: whether `page`/`page_size` must paginate, may be left out to get everything, or
   * whether the list is paged by `cursor` (`cursorListRoute`).
   */
  pagination?: "required" | "optional" | "cursor";
  errors: readonly LogtoErrorSpec[];
  handle(
    input: RouteInput<z.ZodType, z.ZodType, z.ZodType> & { page: Page | CursorPage | null },
  ): Promise<unknown>;
}

function erase(route: Omit<AnyRoute, "errors"> & { errors?: readonly LogtoErrorSpec[] }): AnyRoute {
  return { ...route, errors: route.errors ?? [] };
}

/** A route answering one JSON document (200, or 201 for creations). */
export function jsonRoute<
  R extends z.ZodType,
  P extends Schema = undefined,
  Q extends Schema = undefined,
  B extends Schema = undefined,
>(
  def: RouteBase<P, Q, B> & {
    status?: 200 | 201;
    response: R;
    handler: (input: RouteInput<P, Q, B>) => Promise<z.input<R>>;
  },
): AnyRoute {
  const { handler, status = 200, ...rest } = def;
  return erase({
    ...rest,
    kind: "json",
    status,
    handle: (input) => handler(input as unknown as RouteInput<P, Q, B>),
  });
}

/** A paginated list: `page`/`page_size` in, `Total-Number` and `Link` headers out. */
export function listRoute<
  R extends z.ZodType,
  P extends Schema = undefined,
  Q extends Schema = undefined,
>(
  def: RouteBase<P, Q, undefined> & {
    /** One entry of the list. */
    response: R;
    handler: (
      input: RouteInput<P, Q, undefined> & { page: Page },
    ) => Promise<ListResult<z.input<R>>>;
  },
): AnyRoute {
  const { handler, ...rest } = def;
  return erase({
    ...rest,
    kind: "list",
    status: 200,
    pagination: "required",
    handle: (input) => handler(input as unknown as RouteInput<P, Q, undefined> & { page: Page }),
  });
}

/** A list that is paginated only when `page` or `page_size` is given (Logto's optional pagination). */
export function optionalListRoute<
  R extends z.ZodType,
  P extends Schema = undefined,
  Q extends Schema = undefined,
>(
  def: RouteBase<P, Q, undefined> & {
    response: R;
    handler: (
      input: RouteInput<P, Q, undefined> & { page: Page | null },
    ) => Promise<ListResult<z.input<R>>>;
  },
): AnyRoute {
  const { handler, ...rest } = def;
  return erase({
    ...rest,
    kind: "list",
    status: 200,
    pagination: "optional",
    handle: (input) =>
      handler(input as unknown as RouteInput<P, Q, undefined> & { page: Page | null }),
  });
}

/**
 * A list paged by an opaque cursor, for lists too long to count on every request (the audit
 * log): `cursor` (declared in the route's `query`) and `page_size` in; the entries as a JSON
 * array, with `Next-Cursor` and a `Link: <...>; rel="next"` header while there is more. With
 * `page`, Logto's numbered pages instead, with `Total-Number` and the usual `Link`.
 */
export function cursorListRoute<
  R extends z.ZodType,
  P extends Schema = undefined,
  Q extends Schema = undefined,
>(
  def: RouteBase<P, Q, undefined> & {
    response: R;
    handler: (
      input: RouteInput<P, Q, undefined> & { page: CursorPage },
    ) => Promise<CursorListResult<z.input<R>>>;
  },
): AnyRoute {
  const { handler, ...rest } = def;
  return erase({
    ...rest,
    kind: "list",
    status: 200,
    pagination: "cursor",
    handle: (input) =>
      handler(input as unknown as RouteInput<P, Q, undefined> & { page: CursorPage }),
  });
}

/** A route answering with no body: 204, or 201 for relation inserts (as Logto). */
export function emptyRoute<
  P extends Schema = undefined,
  Q extends Schema = undefined,
  B extends Schema = undefined,
>(
  def: RouteBase<P, Q, B> & {
    status: 201 | 204;
    handler: (input: RouteInput<P, Q, B>) => Promise<void>;
  },
): AnyRoute {
  const { handler, ...rest } = def;
  return erase({
    ...rest,
    kind: "empty",
    handle: (input) => handler(input as unknown as RouteInput<P, Q, B>),
  });
}

/** One page of an in-memory list (for services that return a whole, small set). */
export function pageOf<T>(all: T[], page: Page | null): ListResult<T> {
  if (!page) return { items: all, total: all.length };
  const start = (page.page - 1) * page.pageSize;
  return { items: all.slice(start, start + page.pageSize), total: all.length };
}

type Segment = { literal: string } | { param: string };

interface CompiledRoute {
  route: AnyRoute;
  segments: Segment[];
  literals: number;
}

export type Match =
  | { kind: "found"; route: AnyRoute; params: Record<string, string> }
  | { kind: "method_not_allowed"; allowed: HttpMethod[] }
  | { kind: "not_found" };

/** Matches method + path to a route. Literal segments beat parameters (`/users/roles` before `/users/{userId}`). */
export function createMatcher(routes: readonly AnyRoute[]) {
  const compiled: CompiledRoute[] = routes.map((route) => {
    const segments = route.path
      .split("/")
      .filter(Boolean)
      .map((s): Segment =>
        s.startsWith("{") && s.endsWith("}") ? { param: s.slice(1, -1) } : { literal: s },
      );
    return { route, segments, literals: segments.filter((s) => "literal" in s).length };
  });
  const seen = new Set<string>();
  for (const c of compiled) {
    const key = `${c.route.method} ${c.segments.map((s) => ("literal" in s ? s.literal : "{}")).join("/")}`;
    if (seen.has(key)) throw new Error(`Two routes for ${c.route.method} ${c.route.path}`);
    seen.add(key);
  }

  return function match(method: string, pathname: string): Match {
    const parts = pathname.split("/").filter(Boolean);
    const candidates: { c: CompiledRoute; params: Record<string, string> }[] = [];
    for (const c of compiled) {
      if (c.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length && ok; i += 1) {
        const segment = c.segments[i];
        const part = parts[i] ?? "";
        if (!segment) ok = false;
        else if ("literal" in segment) ok = segment.literal === part;
        else params[segment.param] = part;
      }
      if (ok) candidates.push({ c, params });
    }
    if (candidates.length === 0) return { kind: "not_found" };
    const forMethod = candidates
      .filter(({ c }) => c.route.method === method)
      .sort((a, b) => b.c.literals - a.c.literals);
    const best = forMethod[0];
    if (best) return { kind: "found", route: best.c.route, params: best.params };
    const allowed = [...new Set(candidates.map(({ c }) => c.route.method))];
    return { kind: "method_not_allowed", allowed };
  };
}
