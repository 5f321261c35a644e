import type { RateLimiter, ServiceContext } from "@guildhall/core";
import type { Db } from "@guildhall/db";
import { z } from "zod";
import type { Actor } from "@guildhall/core";
import type { Authenticator } from "./auth.ts";
import type { MemberAuthenticators } from "./member-auth.ts";
import { E, RestError, toErrorResponse, type ErrorOverrides } from "./errors.ts";
import {
  assertUrlEncoding,
  decodeParams,
  jsonResponse,
  linkHeader,
  nextCursorLink,
  parseCursorPagination,
  parsePagination,
  parsePart,
  queryObject,
  readJsonBody,
} from "./http.ts";
import { buildOpenApiDocument, type OpenApiDocument } from "./openapi.ts";
import { assertUnpaginatedTotal } from "./pagination.ts";
import { resourceRoutes } from "./routes/index.ts";
import {
  createMatcher,
  HTTP_METHODS,
  jsonRoute,
  type AnyRoute,
  type CursorListResult,
  type CursorPage,
  type ListResult,
  type Page,
} from "./router.ts";

export interface ManagementApiOptions {
  db: Db;
  /** Checks credentials; see `createBearerAuthenticator`. */
  authenticate: Authenticator;
  /**
   * Authenticates the organization API's callers (`/api/my`): organization tokens and user
   * access tokens; see `createMemberAuthenticators`. Without it those routes answer 401.
   */
  authenticateMember?: MemberAuthenticators;
  /** Per-client limiter (e.g. 600 requests a minute); none means unlimited. */
  rateLimit?: RateLimiter;
  /** Public origin, e.g. `https://id.example.com`: for `Link` headers and the document's server. */
  baseUrl: string;
  /** Called after a route queued an email (invitations): the outbox worker's `kick()`. */
  onEmailQueued?: () => void;
  /** The instance secret (GUILDHALL_SECRET): routes that email a link seal it with it. */
  instanceSecret?: string | undefined;
  /** WEBHOOK_ALLOWED_HOSTS: hosts a webhook test send may reach despite the private-address filter. */
  webhookAllowedHosts?: readonly string[];
  /** Called with unexpected errors (answered as 500) and limiter failures. Default: console.error. */
  onError?: (error: unknown, request: Request) => void;
}

/** A fetch-style handler, with the routes it serves and the OpenAPI document describing them. */
export interface ManagementApi {
  (request: Request): Promise<Response>;
  readonly routes: readonly AnyRoute[];
  document(): OpenApiDocument;
}

const listSchemas = new WeakMap<AnyRoute, z.ZodType>();
function listSchema(route: AnyRoute): z.ZodType {
  let schema = listSchemas.get(route);
  if (!schema) listSchemas.set(route, (schema = z.array(route.response ?? z.unknown())));
  return schema;
}

/** A keyset list (`cursor`) has no page numbers: both at once is a mistake worth naming. */
function assertNotPageAndCursor(url: URL): void {
  if (!url.searchParams.get("cursor") || !url.searchParams.get("page")) return;
  throw new RestError(
    E.invalidPagination,
    "The request pagination value is invalid: give either cursor or page, not both.",
    { data: { issues: [{ path: ["page"], message: "page and cursor cannot be combined" }] } },
  );
}

/** The organization API's prefix: its routes answer CORS requests from any origin. */
function isOrganizationApiPath(pathname: string): boolean {
  return pathname === "/api/my" || pathname.startsWith("/api/my/");
}

const CORS_HEADERS: readonly [string, string][] = [
  ["Access-Control-Allow-Origin", "*"],
  ["Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS"],
  ["Access-Control-Allow-Headers", "Authorization, Content-Type"],
  [
    "Access-Control-Expose-Headers",
    "Total-Number, Link, Next-Cursor, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, Retry-After, WWW-Authenticate",
  ],
  ["Access-Control-Max-Age", "600"],
];

/** `GET /api/openapi.json`: public, so tools and the reference page can read it. */
function openApiRoute(document: () => OpenApiDocument): AnyRoute {
  return jsonRoute({
    method: "GET",
    path: "/api/openapi.json",
    operationId: "GetOpenApiDocument",
    tag: "API reference",
    summary: "Get the OpenAPI document",
    description: "This document (OpenAPI 3.1). No token needed.",
    public: true,
    response: z.record(z.string(), z.unknown()).meta({ description: "An OpenAPI 3.1 document." }),
    handler: async () => document() as unknown as Record<string, unknown>,
  });
}

/** Every route of the Management API, the document route included. */
export function managementApiRoutes(baseUrl: string): readonly AnyRoute[] {
  let document: OpenApiDocument | undefined;
  const routes: AnyRoute[] = [...resourceRoutes];
  routes.push(openApiRoute(() => (document ??= buildOpenApiDocument(routes, { baseUrl }))));
  return routes;
}

/** The OpenAPI 3.1 document, e.g. for the reference page. */
export function getManagementApiDocument({ baseUrl }: { baseUrl: string }): OpenApiDocument {
  return buildOpenApiDocument(managementApiRoutes(baseUrl), { baseUrl });
}

/**
 * The REST Management API as a fetch handler, `(Request) => Promise<Response>`, for any
 * server (a Next route handler, node:http through `createNodeListener`, tests). Each route
 * parses params/query/body with its zod schemas, calls one core service as the calling
 * machine-to-machine client, and answers in Logto's JSON shape, validated against its
 * response schema.
 *
 * @example
 * const api = createManagementApi({ db, baseUrl, authenticate: createBearerAuthenticator({ ... }) });
 * const response = await api(new Request(`${baseUrl}/api/organizations`, { headers: { authorization } }));
 */
export function createManagementApi(options: ManagementApiOptions): ManagementApi {
  const { db, authenticate, rateLimit } = options;
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const onError = options.onError ?? ((error: unknown) => console.error("[management-api]", error));
  const routes = managementApiRoutes(baseUrl);
  const match = createMatcher(routes);
  let document: OpenApiDocument | undefined;

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const head = request.method === "HEAD";
    const method = head ? "GET" : request.method.toUpperCase();
    const headers = new Headers({ "Cache-Control": "no-store" });
    // The organization API is called from customer apps' pages, with a Bearer token and no
    // cookie: any origin may read what its token lets it read.
    const cors = isOrganizationApiPath(url.pathname);
    if (cors) for (const [name, value] of CORS_HEADERS) headers.set(name, value);
    if (cors && method === "OPTIONS") return new Response(null, { status: 204, headers });
    let overrides: ErrorOverrides | undefined;
    try {
      assertUrlEncoding(url);
      const pathname = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, "") : url.pathname;
      const found = match(method, pathname);
      if (found.kind === "not_found")
        throw new RestError(
          E.routeNotFound,
          `There is no ${method} ${pathname}. See ${baseUrl}/api/openapi.json.`,
        );
      if (found.kind === "method_not_allowed") {
        const allowed = found.allowed.filter((m) => HTTP_METHODS.includes(m)).join(", ");
        throw new RestError(
          E.methodNotAllowed,
          `${method} is not allowed on ${pathname}; use ${allowed}.`,
          { headers: { Allow: allowed } },
        );
      }
      const { route } = found;
      overrides = route.overrides;

      let actor: Actor = { type: "management_api", clientId: "anonymous" };
      if (route.auth === "organization" || route.auth === "user") {
        actor = await authenticateMember(request, route.auth, found.params);
        if (rateLimit) await applyRateLimit(rateLimit, `user:${actor.userId}`, headers, request);
      } else if (!route.public) {
        const { clientId } = await authenticate(request);
        actor = { type: "management_api", clientId };
        if (rateLimit)
          await applyRateLimit(rateLimit, `management_api:${clientId}`, headers, request);
      }

      const params = route.params
        ? parsePart("params", route.params, decodeParams(found.params))
        : undefined;
      const query = route.query ? parsePart("query", route.query, queryObject(url)) : undefined;
      if (route.kind === "list" && route.pagination !== "cursor") assertNotPageAndCursor(url);
      const page =
        route.pagination === "cursor"
          ? parseCursorPagination(url)
          : route.kind === "list"
            ? parsePagination(url, route.pagination === "optional")
            : null;
      const body = route.body
        ? parsePart("body", route.body, await readJsonBody(request))
        : undefined;
      const ctx: ServiceContext = { db, actor };
      const result = await route.handle({
        ctx,
        params,
        query,
        body,
        page,
        baseUrl,
        onEmailQueued: options.onEmailQueued,
        instanceSecret: options.instanceSecret,
        webhookAllowedHosts: options.webhookAllowedHosts ?? [],
      });

      if (route.kind === "empty") return new Response(null, { status: route.status, headers });
      let payload: unknown;
      if (route.pagination === "cursor") {
        const { items, nextCursor, total } = result as CursorListResult<unknown>;
        payload = listSchema(route).parse(items);
        setCursorHeaders(headers, url, page as CursorPage, nextCursor, total);
      } else if (route.kind === "list") {
        const { items, total, nextCursor } = result as ListResult<unknown>;
        const numbered = page as Page | null;
        // Every optional list is bounded, whichever helper the route used (see pagination.ts).
        if (!numbered) assertUnpaginatedTotal(total);
        payload = listSchema(route).parse(items);
        if (numbered && url.searchParams.has("cursor")) {
          // Keyset paging: the total, and the next page by its cursor (no page numbers).
          headers.set("Total-Number", String(total));
          if (nextCursor) headers.set("Link", nextCursorLink(baseUrl, url, nextCursor));
        } else if (numbered) setPaginationHeaders(headers, url, numbered, total);
        if (nextCursor) headers.set("Next-Cursor", nextCursor);
      } else {
        payload = route.response ? route.response.parse(result) : result;
      }
      if (route.public) headers.set("Cache-Control", "public, max-age=300");
      const response = jsonResponse(route.status, payload, headers);
      return head
        ? new Response(null, { status: response.status, headers: response.headers })
        : response;
    } catch (error) {
      const { status, body, headers: errorHeaders, unexpected } = toErrorResponse(error, overrides);
      if (unexpected) onError(error, request);
      for (const [name, value] of Object.entries(errorHeaders)) headers.set(name, value);
      return jsonResponse(status, body, headers);
    }
  }

  function setPaginationHeaders(headers: Headers, url: URL, page: Page, total: number) {
    headers.set("Total-Number", String(total));
    headers.set("Link", linkHeader(baseUrl, url, page, total));
  }

  /** Numbered pages: as every list. By cursor: the next page's cursor and link, if any. */
  function setCursorHeaders(
    headers: Headers,
    url: URL,
    page: CursorPage,
    nextCursor: string | null,
    total: number | undefined,
  ) {
    if (page.page !== null && total !== undefined) {
      setPaginationHeaders(headers, url, { page: page.page, pageSize: page.pageSize }, total);
      return;
    }
    if (nextCursor === null) return;
    headers.set("Next-Cursor", nextCursor);
    headers.set("Link", nextCursorLink(baseUrl, url, nextCursor));
  }

  /** The organization API's caller as a user actor, bound by their organization token if any. */
  async function authenticateMember(
    request: Request,
    kind: "organization" | "user",
    rawParams: Record<string, string>,
  ): Promise<Extract<Actor, { type: "user" }>> {
    const members = options.authenticateMember;
    if (!members)
      throw new RestError(
        E.unauthorized,
        "The organization API is not served by this handler: call the Guildhall server.",
      );
    if (kind === "user")
      return { type: "user", userId: (await members.accessToken(request)).userId };
    const { organizationId = "" } = decodeParams(rawParams);
    const caller = await members.organizationToken(request, organizationId);
    return {
      type: "user",
      userId: caller.userId,
      ...(caller.organizationToken ? { organizationToken: caller.organizationToken } : {}),
    };
  }

  async function applyRateLimit(
    limiter: RateLimiter,
    key: string,
    headers: Headers,
    request: Request,
  ) {
    let decision;
    try {
      decision = await limiter.hit(key);
    } catch (error) {
      // A limiter outage must not take the API down with it: count it, let the request through.
      onError(error, request);
      return;
    }
    headers.set("RateLimit-Limit", String(decision.limit));
    headers.set("RateLimit-Remaining", String(decision.remaining));
    headers.set("RateLimit-Reset", String(decision.retryAfterSeconds));
    if (!decision.allowed) {
      throw new RestError(
        E.rateLimited,
        `Too many requests: this client may send ${decision.limit} per ${limiter.windowMs / 1000} s. Retry in ${decision.retryAfterSeconds} s.`,
        {
          data: {
            limit: decision.limit,
            windowSeconds: limiter.windowMs / 1000,
            retryAfterSeconds: decision.retryAfterSeconds,
          },
          headers: { "Retry-After": String(decision.retryAfterSeconds) },
        },
      );
    }
  }

  return Object.assign(handle, {
    routes,
    document: () => (document ??= buildOpenApiDocument(routes, { baseUrl })),
  });
}
